package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code cmdLine}: undoes the usual shell obfuscation so command-injection rules see one form: it
 * deletes {@code \\ " ' ^}, turns each run of space, tab, CR, LF, comma and semicolon into one
 * space, deletes a space before {@code /} or {@code (}, and lower-cases ASCII letters. Like
 * ModSecurity it reads the value only up to its first NUL byte.
 */
final class CmdLine implements Transformation {

  @Override
  public String name() {
    return "cmdLine";
  }

  @Override
  public String apply(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case 0:
          return out.toString();
        case '"', '\'', '\\', '^':
          break;
        case ' ', ',', ';', '\t', '\r', '\n':
          if (!space) {
            out.append(' ');
            space = true;
          }
          break;
        case '/', '(':
          if (space) {
            out.setLength(out.length() - 1);
          }
          space = false;
          out.append(c);
          break;
        default:
          out.append(Bytes.toLower(c));
          space = false;
      }
    }
    return out.toString();
  }
}
