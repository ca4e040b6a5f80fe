package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code normalizePath} ({@code normalisePath}) and {@code normalizePathWin}: removes {@code ./}
 * self references and empty segments, resolves {@code ../} back references and collapses runs of
 * slashes; the Windows variant first reads every backslash as a slash.
 *
 * <p>It reproduces ModSecurity's in-place algorithm, whose edge cases rules depend on: an absolute
 * path never climbs above its root ({@code /../x} is {@code /x}); a relative path keeps the back
 * references it cannot resolve ({@code ../../x} stays); a trailing slash is kept only when the
 * input ended with one.
 */
final class NormalizePath implements Transformation {
  private final boolean windows;

  NormalizePath(boolean windows) {
    this.windows = windows;
  }

  @Override
  public String name() {
    return windows ? "normalizePathWin" : "normalizePath";
  }

  @Override
  public String apply(String s) {
    if (s.isEmpty() || !needsWork(s)) {
      return s;
    }
    char[] b = s.toCharArray();
    return new String(b, 0, new Run(b, windows).normalize());
  }

  private boolean needsWork(String s) {
    return s.indexOf('.') >= 0 || s.contains("//") || (windows && s.indexOf('\\') >= 0);
  }

  /** One in-place pass over a buffer: {@code src} reads, {@code dst} writes, never ahead of src. */
  private static final class Run {
    private final char[] b;
    private final boolean windows;
    private final int end;
    private final boolean relative;
    private int src;
    private int dst;
    private boolean hitRoot;

    Run(char[] b, boolean windows) {
      this.b = b;
      this.windows = windows;
      this.end = b.length - 1;
      this.relative = !isSlash(b[0]);
    }

    private boolean isSlash(char c) {
      return c == '/' || (windows && c == '\\');
    }

    int normalize() {
      boolean trailing = isSlash(b[end]);
      boolean done = false;
      while (!done && src <= end && dst <= end) {
        if (windows) {
          if (b[src] == '\\') {
            b[src] = '/';
          }
          if (src < end && b[src + 1] == '\\') {
            b[src + 1] = '/';
          }
        }
        if (src == end) {
          done = true;
        } else if (b[src + 1] != '/') {
          copy();
          continue;
        }
        if (src != end && b[src] == '/') {
          copy(); // an empty segment: the copy collapses the slashes
          continue;
        }
        if (b[src] == '.' && segmentEnd(done)) {
          if (done) {
            break;
          }
          src++;
          continue;
        }
        if (b[src] != '.' && dst > 0) {
          hitRoot = false;
        }
        copy();
      }
      if (!trailing && dst > 0 && b[dst - 1] == '/') {
        dst--;
      }
      return dst;
    }

    /**
     * Handles a segment ending in '.' at {@code src}: a back reference ("..") or a self reference
     * ("."). Returns true when it was removed (the caller skips the '.'), false to copy it as is.
     */
    private boolean segmentEnd(boolean done) {
      if (dst > 0 && b[dst - 1] == '.') {
        if (relative && (hitRoot || dst - 2 <= 0)) {
          hitRoot = true;
          return false; // nothing to go back to: keep "..", as a relative path must
        }
        dst -= 3;
        while (dst > 0 && b[dst] != '/') {
          dst--;
        }
        if (dst <= 0) {
          // climbing above the start: an absolute path stays at its root (the final slash goes
          // with the trailing-slash rule, as the input ends in '.')
          hitRoot = true;
          dst = 0;
        }
        return true;
      }
      if (dst == 0) {
        return true; // "./" at the start of a relative path
      }
      if (b[dst - 1] == '/') {
        if (!done) {
          dst--;
        }
        return true;
      }
      return false;
    }

    private void copy() {
      if (b[src] == '/') {
        while (src < end && isSlash(b[src + 1])) {
          src++;
        }
        if (relative && dst == 0) {
          src++; // a relative path does not start with the slash
          return;
        }
      }
      b[dst++] = b[src++];
    }
  }
}
