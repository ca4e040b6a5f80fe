package ai.traceable.tme.engine.detect.rfi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlTest {
  private static Url read(String s) {
    return Url.read(s, 0, s.indexOf("//") + 2);
  }

  @Test
  void readsHostExtensionAndTail() {
    Url u = read("http://user:pw@Evil.Example:8443/a/shell.TXT?x=1");
    assertThat(u.host()).isEqualTo("evil.example");
    assertThat(u.extension()).isEqualTo("txt");
    assertThat(u.hasFile()).isTrue();
    assertThat(u.hasQuery()).isTrue();
    assertThat(u.cut()).isFalse();
  }

  @Test
  void anEmptyQueryOrFragmentOrAppendedExtensionIsACut() {
    assertThat(read("http://e.example/x.txt?").cut()).isTrue();
    assertThat(read("http://e.example/x.txt?#").cut()).isTrue();
    assertThat(read("http://e.example/x.jpg?.php").cut()).isTrue();
    assertThat(read("http://e.example/x.php?a=.php").cut()).isFalse();
  }

  @Test
  void recognisesAddressLiterals() {
    assertThat(read("http://198.51.100.7/").ipLiteral()).isTrue();
    assertThat(read("http://0xc6336417/").ipLiteral()).isTrue();
    assertThat(read("http://3325256727/").ipLiteral()).isTrue();
    assertThat(read("http://[2001:db8::1]/").ipLiteral()).isTrue();
    assertThat(read("http://0xcafe.example/").ipLiteral()).isFalse();
    assertThat(read("http://e.example/dir/").hasFile()).isFalse();
  }
}
