package ai.traceable.tme.engine.detect.xss;

import java.util.Set;

/** Names of HTML and SVG elements and attributes that the XSS detector treats specially. */
final class HtmlNames {
  private HtmlNames() {}

  /** Event-handler content attributes of HTML, SVG and legacy browsers. */
  static final Set<String> EVENT_HANDLERS =
      Set.of(
          ("onabort onactivate onafterprint onafterscriptexecute onafterupdate "
                  + "onanimationcancel onanimationend onanimationiteration onanimationstart "
                  + "onauxclick onbeforeactivate onbeforecopy onbeforecut onbeforedeactivate "
                  + "onbeforeeditfocus onbeforeinput onbeforematch onbeforepaste onbeforeprint "
                  + "onbeforescriptexecute onbeforetoggle onbeforeunload onbeforeupdate onbegin "
                  + "onblur onbounce oncancel oncanplay oncanplaythrough oncellchange onchange "
                  + "onclick onclose oncommand oncontentvisibilityautostatechange oncontextlost "
                  + "oncontextmenu oncontextrestored oncontrolselect oncopy oncuechange oncut "
                  + "ondataavailable ondatasetchanged ondatasetcomplete ondblclick ondeactivate "
                  + "ondrag ondragend ondragenter ondragexit ondragleave ondragover ondragstart "
                  + "ondrop ondurationchange onemptied onencrypted onend onended onerror "
                  + "onerrorupdate onfilterchange onfinish onfocus onfocusin onfocusout onformchange "
                  + "onforminput onformdata onfullscreenchange onfullscreenerror ongotpointercapture "
                  + "onhashchange onhelp oninput oninvalid onkeydown onkeypress onkeyup "
                  + "onlayoutcomplete onload onloadeddata onloadedmetadata onloadend onloadstart "
                  + "onlosecapture onlostpointercapture onmessage onmessageerror onmousedown "
                  + "onmouseenter onmouseleave onmousemove onmouseout onmouseover onmouseup "
                  + "onmousewheel onmozfullscreenchange onmove onmoveend onmovestart onoffline "
                  + "ononline onorientationchange onpagehide onpagereveal onpageshow onpageswap "
                  + "onpaste onpause onplay onplaying onpointercancel onpointerdown onpointerenter "
                  + "onpointerleave onpointermove onpointerout onpointerover onpointerrawupdate "
                  + "onpointerup onpopstate onprogress onpropertychange onratechange "
                  + "onreadystatechange onrejectionhandled onrepeat onreset onresize onresizeend "
                  + "onresizestart onrowenter onrowexit onrowsdelete onrowsinserted onscroll "
                  + "onscrollend onscrollsnapchange onscrollsnapchanging onsearch "
                  + "onsecuritypolicyviolation onseeked onseeking onselect onselectionchange "
                  + "onselectstart onshow onslotchange onstalled onstart onstorage onsubmit onsuspend "
                  + "ontimeupdate ontoggle ontouchcancel ontouchend ontouchmove ontouchstart "
                  + "ontransitioncancel ontransitionend ontransitionrun ontransitionstart "
                  + "onunhandledrejection onunload onvolumechange onwaiting onwebkitanimationend "
                  + "onwebkitanimationiteration onwebkitanimationstart onwebkitmouseforcechanged "
                  + "onwebkitmouseforcedown onwebkitmouseforceup onwebkitmouseforcewillbegin "
                  + "onwebkitplaybacktargetavailabilitychanged onwebkittransitionend "
                  + "onwebkitwillrevealbottom onwheel onzoom")
              .split(" "));

  /** Attributes whose value a browser loads or navigates to. */
  static final Set<String> URL_ATTRIBUTES =
      Set.of(
          ("href src action formaction data background poster lowsrc dynsrc codebase cite "
                  + "longdesc usemap icon manifest classid profile code folder datasrc xlink:href "
                  + "srcset imagesrcset archive ping values to from by")
              .split(" "));

  /** Attributes holding lists of URLs (separated by commas or semicolons). */
  static final Set<String> URL_LIST_ATTRIBUTES =
      Set.of("srcset", "imagesrcset", "archive", "ping", "values");

  /** Elements where an SVG data: URL is only an image and runs no script. */
  static final Set<String> IMAGE_ELEMENTS =
      Set.of("img", "image", "source", "picture", "video", "audio", "track", "input");

  /** Parts of script types that mark a data block or a template, which browsers do not run. */
  static final String[] INERT_SCRIPT_TYPES = {
    "json", "template", "tmpl", "handlebars", "mustache", "html", "plain", "markdown", "shader"
  };

  /**
   * Event bindings and expressions of client-side frameworks, which run their value as code:
   * AngularJS {@code ng-click}, {@code data-ng-init}, Vue {@code v-on:click} and {@code @click},
   * Alpine {@code x-on:click} and {@code x-init}, Angular {@code (click)}.
   */
  static boolean isFrameworkBinding(String attr) {
    return attr.startsWith("ng-")
        || attr.startsWith("data-ng-")
        || attr.startsWith("x-ng-")
        || attr.startsWith("v-on:")
        || attr.startsWith("@")
        || attr.startsWith("x-on:")
        || attr.equals("x-init")
        || attr.equals("x-data")
        || (attr.length() > 2 && attr.startsWith("(") && attr.endsWith(")"));
  }

  /** The part of a tag name after its namespace prefix: {@code script} for {@code x:script}. */
  static String localName(String name) {
    int colon = name.lastIndexOf(':');
    return colon >= 0 ? name.substring(colon + 1) : name;
  }
}
