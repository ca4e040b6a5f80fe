{{/* Name of the chart's objects: the release name, or "tme" inside it. */}}
{{- define "tme.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tme.injectorName" -}}
{{- printf "%s-injector" (include "tme.fullname" .) -}}
{{- end -}}

{{- define "tme.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "tme.injectorSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: injector
{{- end -}}

{{/* Label of the injector's pods; the webhook's objectSelector always leaves them out. */}}
{{- define "tme.injectorRoleLabel" -}}
tme.traceable.ai/role: injector
{{- end -}}

{{/* The user's objectSelector with an expression that excludes the injector's own pods. */}}
{{- define "tme.webhookObjectSelector" -}}
{{- $user := .Values.injector.objectSelector | default dict -}}
{{- $own := dict "key" "tme.traceable.ai/role" "operator" "NotIn" "values" (list "injector") -}}
{{- $selector := dict "matchExpressions" (append ($user.matchExpressions | default list) $own) -}}
{{- with $user.matchLabels }}{{ $_ := set $selector "matchLabels" . }}{{ end -}}
{{- toYaml $selector -}}
{{- end -}}

{{- define "tme.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Denial settings of the sidecar: injector.blockingConfig.* when set, else the top-level values. */}}
{{- define "tme.blockingStatusCode" -}}
{{- $code := .Values.injector.blockingConfig.blockingStatusCode -}}
{{- if kindIs "invalid" $code -}}{{- $code = .Values.blockingStatusCode -}}{{- end -}}
{{- int $code -}}
{{- end -}}

{{- define "tme.blockingMessage" -}}
{{- .Values.injector.blockingConfig.blockingMessage | default .Values.blockingMessage -}}
{{- end -}}

{{- define "tme.engineMode" -}}
{{- .Values.injector.blockingConfig.mode | default .Values.sidecar.engineMode -}}
{{- end -}}

{{/* The tme sidecar container, shared by the injector's template and the sidecar-only patch. */}}
{{- define "tme.sidecarContainer" -}}
name: {{ .Values.sidecar.name }}
image: {{ include "tme.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
ports:
  - name: grpc-tme
    containerPort: {{ .Values.sidecar.grpcPort }}
    protocol: TCP
  - name: http-tme-mgmt
    containerPort: {{ .Values.sidecar.managementPort }}
    protocol: TCP
env:
  - name: TME_GRPC_INTERFACE
    value: "127.0.0.1"
  - name: TME_GRPC_PORT
    value: {{ .Values.sidecar.grpcPort | quote }}
  - name: TME_MANAGEMENT_INTERFACE
    value: "0.0.0.0"
  - name: TME_MANAGEMENT_PORT
    value: {{ .Values.sidecar.managementPort | quote }}
  - name: TME_BLOCKING_STATUS_CODE
    value: {{ include "tme.blockingStatusCode" . | quote }}
  - name: TME_BLOCKING_MESSAGE
    value: {{ include "tme.blockingMessage" . | quote }}
  - name: TME_ENGINE_MODE
    value: {{ include "tme.engineMode" . | quote }}
  - name: TME_LOG_FORMAT
    value: {{ .Values.sidecar.logFormat | quote }}
  - name: TME_TRUSTED_HOPS
    value: {{ .Values.sidecar.trustedHops | quote }}
  - name: TME_UNREADY_DELAY
    value: {{ .Values.sidecar.unreadyDelay | quote }}
  - name: TME_SHUTDOWN_GRACE
    value: {{ .Values.sidecar.shutdownGrace | quote }}
  - name: TME_MODE
    value: {{ .Values.mode | quote }}
  {{- if eq .Values.mode "ext_proc" }}
  {{- $pm := .Values.envoyFilter.extProc.processingMode }}
  - name: TME_EXT_PROC_REQUEST_BODY_MODE
    value: {{ $pm.requestBodyMode | lower | replace "_" "-" | quote }}
  - name: TME_EXT_PROC_RESPONSE_BODY_MODE
    value: {{ $pm.responseBodyMode | lower | replace "_" "-" | quote }}
  - name: TME_RESPONSE_INSPECTION_MODE
    value: {{ .Values.responseInspection.mode | quote }}
  {{- end }}
  {{- include "tme.rulesEnv" . | nindent 2 }}
  {{- include "tme.seclangEnv" . | nindent 2 }}
  {{- include "tme.captureEnv" . | nindent 2 }}
  {{- /* the launcher turns it into -XX:ActiveProcessorCount (whole CPUs, rounded up) */}}
  - name: TME_CPU_LIMIT
    valueFrom:
      resourceFieldRef:
        resource: limits.cpu
        divisor: "1"
  - name: TME_JAVA_OPTS
    value: {{ .Values.sidecar.javaOpts | quote }}
  {{- with .Values.sidecar.extraEnv }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
startupProbe:
  httpGet:
    path: /ready
    port: {{ .Values.sidecar.managementPort }}
  {{- toYaml .Values.sidecar.startupProbe | nindent 2 }}
livenessProbe:
  httpGet:
    path: /alive
    port: {{ .Values.sidecar.managementPort }}
  {{- toYaml .Values.sidecar.livenessProbe | nindent 2 }}
readinessProbe:
  httpGet:
    path: /ready
    port: {{ .Values.sidecar.managementPort }}
  {{- toYaml .Values.sidecar.readinessProbe | nindent 2 }}
resources:
  {{- toYaml .Values.sidecar.resources | nindent 2 }}
securityContext:
  {{- toYaml .Values.sidecar.securityContext | nindent 2 }}
volumeMounts:
  - name: tme-tmp
    mountPath: /tmp
  {{- if include "tme.rulesConfigMap" . }}
  - name: tme-rules
    mountPath: /etc/tme/rules
    readOnly: true
  {{- end }}
  {{- if include "tme.captureTls" . }}
  - name: tme-capture-tls
    mountPath: /etc/tme/capture-tls
    readOnly: true
  {{- end }}
  {{- range .Values.seclang.volumes }}
  - name: tme-seclang-{{ .name }}
    mountPath: /etc/tme/seclang/{{ .name }}
    readOnly: true
  {{- end }}
{{- end -}}

{{/* Pod volumes the sidecar mounts; the injector adds those the pod lacks, by name. */}}
{{- define "tme.sidecarVolumes" -}}
- name: tme-tmp
  emptyDir:
    sizeLimit: {{ .Values.sidecar.tmpSizeLimit }}
{{- with include "tme.rulesConfigMap" . }}
{{- /* a whole-directory mount (never subPath): the kubelet swaps its ..data link on updates */}}
- name: tme-rules
  configMap:
    name: {{ . }}
    items:
      - key: {{ if $.Values.rules.inline }}rules.yaml{{ else }}{{ $.Values.rules.existingConfigMap.key }}{{ end }}
        path: rules.yaml
{{- end }}
{{- with include "tme.captureTls" . }}
- name: tme-capture-tls
  secret:
    secretName: {{ . }}
{{- end }}
{{- range .Values.seclang.volumes }}
- name: tme-seclang-{{ .name }}
  {{- toYaml (omit . "name") | nindent 2 }}
{{- end }}
{{- end -}}

{{/* SecLang rules: the list of files, and the profile, only when rules are listed. */}}
{{- define "tme.seclangEnv" -}}
{{- with .Values.seclang.rules -}}
- name: TME_SECLANG_RULES
  value: {{ join "," . | quote }}
- name: TME_SECLANG_PROFILE
  value: {{ $.Values.seclang.profile | quote }}
{{- end -}}
{{- end -}}

{{/* Name of the ConfigMap holding the rules, or nothing for the rules bundled in the image. */}}
{{- define "tme.rulesConfigMap" -}}
{{- $rules := .Values.rules -}}
{{- if and $rules.inline $rules.existingConfigMap.name -}}
{{- fail "rules.inline and rules.existingConfigMap.name are both set: choose one source of rules" -}}
{{- end -}}
{{- if $rules.inline -}}
{{- printf "%s-rules" (include "tme.fullname" .) -}}
{{- else -}}
{{- $rules.existingConfigMap.name -}}
{{- end -}}
{{- end -}}

{{- define "tme.rulesEnv" -}}
{{- if include "tme.rulesConfigMap" . -}}
- name: TME_RULES_FILE
  value: /etc/tme/rules/rules.yaml
- name: TME_RULES_RELOAD_INTERVAL
  value: {{ .Values.rules.reloadInterval | quote }}
{{- end -}}
{{- end -}}

{{/* Name of the Secret with the capture TLS files, or nothing; checks the TLS values agree. */}}
{{- define "tme.captureTls" -}}
{{- $capture := .Values.capture -}}
{{- with $capture.tls.secretName -}}
{{- if not (hasPrefix "https://" $capture.endpoint) -}}
{{- fail (printf "capture.tls.secretName is set but capture.endpoint %q is not https://" $capture.endpoint) -}}
{{- end -}}
{{- if not (or $capture.tls.customCa $capture.tls.clientCertificate) -}}
{{- fail "capture.tls.secretName is set but neither capture.tls.customCa nor capture.tls.clientCertificate uses it" -}}
{{- end -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{- define "tme.captureEnv" -}}
{{- $capture := .Values.capture -}}
- name: TME_CAPTURE_ENABLED
  value: {{ $capture.enabled | quote }}
{{- if $capture.enabled }}
- name: TME_CAPTURE_ENDPOINT
  value: {{ $capture.endpoint | quote }}
{{- if include "tme.captureTls" . }}
{{- if $capture.tls.customCa }}
- name: TME_CAPTURE_TLS_CA_FILE
  value: /etc/tme/capture-tls/ca.crt
{{- end }}
{{- if $capture.tls.clientCertificate }}
- name: TME_CAPTURE_TLS_CERT_FILE
  value: /etc/tme/capture-tls/tls.crt
- name: TME_CAPTURE_TLS_KEY_FILE
  value: /etc/tme/capture-tls/tls.key
{{- end }}
{{- end }}
{{- with $capture.headers.secretName }}
- name: TME_CAPTURE_HEADERS
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $capture.headers.key }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Labels every pod with tme carries; the EnvoyFilter and AuthorizationPolicy require them. */}}
{{- define "tme.injectedLabels" -}}
tme.traceable.ai/injected: "true"
{{- end -}}

{{/* Selector of the gateway pods that carry tme: the user's labels and the injected label. */}}
{{- define "tme.wiredPodLabels" -}}
{{- include "tme.gatewaySelector" . }}
{{ include "tme.injectedLabels" . }}
{{- end -}}

{{/* Istio workload selector labels must be set; a selector without labels would match every pod. */}}
{{- define "tme.gatewaySelector" -}}
{{- if not .Values.gateway.selectorLabels -}}
{{- fail "gateway.selectorLabels must not be empty: the filter would apply to every workload" -}}
{{- end -}}
{{- toYaml .Values.gateway.selectorLabels -}}
{{- end -}}

{{- define "tme.checkWiring" -}}
{{- if and .Values.envoyFilter.enabled .Values.authorizationPolicy.enabled -}}
{{- fail "envoyFilter.enabled and authorizationPolicy.enabled are both true: a gateway would call tme twice per request; enable one of them" -}}
{{- end -}}
{{- if and (eq .Values.mode "ext_proc") .Values.authorizationPolicy.enabled -}}
{{- fail "mode ext_proc is wired by the EnvoyFilter only (an AuthorizationPolicy CUSTOM provider is ext_authz): use envoyFilter.enabled" -}}
{{- end -}}
{{- end -}}

{{/* Strategic-merge patch adding the sidecar to a gateway Deployment (containers merge by name). */}}
{{- define "tme.sidecarPatch" -}}
spec:
  template:
    metadata:
      labels:
        {{- include "tme.wiredPodLabels" . | nindent 8 }}
      annotations:
        {{- toYaml .Values.sidecar.podAnnotations | nindent 8 }}
        {{- with include "tme.overrideAnnotations" . }}
        {{- . | nindent 8 }}
        {{- end }}
    spec:
      containers:
        - {{ include "tme.sidecarContainer" . | indent 10 | trim }}
      volumes:
        {{- include "tme.sidecarVolumes" . | nindent 8 }}
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/* The meshConfig entry that declares the ext_authz provider the AuthorizationPolicy names. */}}
{{- define "tme.meshConfigSnippet" -}}
meshConfig:
  extensionProviders:
    - name: {{ .Values.authorizationPolicy.providerName }}
      envoyExtAuthzGrpc:
        service: {{ .Values.authorizationPolicy.serviceHost }}
        port: {{ .Values.sidecar.grpcPort }}
        timeout: {{ .Values.envoyFilter.timeout }}
        failOpen: {{ .Values.envoyFilter.failureModeAllow }}
        statusOnError: "{{ .Values.envoyFilter.statusOnError }}"
        {{- if .Values.envoyFilter.withRequestBody.enabled }}
        includeRequestBodyInCheck:
          maxRequestBytes: {{ .Values.envoyFilter.withRequestBody.maxRequestBytes }}
          allowPartialMessage: {{ .Values.envoyFilter.withRequestBody.allowPartialMessage }}
          packAsBytes: {{ .Values.envoyFilter.withRequestBody.packAsBytes }}
        {{- end }}
{{- end -}}

{{/*
Istio turns a CUSTOM policy whose provider the mesh config does not declare into a policy that
denies every request of the selected gateways. The user confirms the declaration before the
policy is rendered.
*/}}
{{- define "tme.checkProviderDeclared" -}}
{{- if and .Values.authorizationPolicy.enabled (not .Values.authorizationPolicy.providerDeclared) -}}
{{- fail (printf "\n\nauthorizationPolicy.enabled needs the ext_authz provider %q in Istio's mesh config first: without it Istio denies every request of the selected gateways. Add this to istiod's values (or the IstioOperator's spec), roll istiod out, then install again with --set authorizationPolicy.providerDeclared=true:\n\n%s\n" .Values.authorizationPolicy.providerName (include "tme.meshConfigSnippet" .)) -}}
{{- end -}}
{{- end -}}

{{/* Milliseconds of a duration written as seconds with an "s" suffix ("5s", "0.5s"). */}}
{{- define "tme.millis" -}}
{{- addf (mulf (trimSuffix "s" .) 1000) 0.5 | floor | int -}}
{{- end -}}

{{/*
The least grace period of pods with tme, after checking that shutdown fits: tme answers at least
as long as Istio drains Envoy, and the pod is not killed before tme's shutdown steps are done.
*/}}
{{- define "tme.terminationGracePeriodSeconds" -}}
{{- $drain := include "tme.millis" .Values.gateway.drainDuration | int -}}
{{- $unready := include "tme.millis" .Values.sidecar.unreadyDelay | int -}}
{{- $grace := include "tme.millis" .Values.sidecar.shutdownGrace | int -}}
{{- if lt $unready $drain -}}
{{- fail (printf "sidecar.unreadyDelay (%s) is shorter than gateway.drainDuration (%s): tme would close its port while Envoy still drains and calls it" .Values.sidecar.unreadyDelay .Values.gateway.drainDuration) -}}
{{- end -}}
{{- $needed := add $unready $grace 5000 -}}
{{- if lt (mul .Values.sidecar.terminationGracePeriodSeconds 1000) $needed -}}
{{- fail (printf "sidecar.terminationGracePeriodSeconds (%v) is shorter than unreadyDelay + shutdownGrace + 5s for capture to flush (%v ms)" .Values.sidecar.terminationGracePeriodSeconds $needed) -}}
{{- end -}}
{{- .Values.sidecar.terminationGracePeriodSeconds -}}
{{- end -}}

{{/* Annotations set (not merged) on pods with tme: Prometheus' scrape annotations, when asked. */}}
{{- define "tme.overrideAnnotations" -}}
{{- if .Values.metrics.prometheusAnnotations -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.sidecar.managementPort | quote }}
prometheus.io/path: /metrics
{{- end -}}
{{- end -}}

{{- define "tme.checkMonitors" -}}
{{- if and .Values.metrics.podMonitor.enabled .Values.metrics.serviceMonitor.enabled -}}
{{- fail "metrics.podMonitor.enabled and metrics.serviceMonitor.enabled are both true: Prometheus would scrape every pod twice; enable one of them" -}}
{{- end -}}
{{- end -}}
