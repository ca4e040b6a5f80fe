package ai.traceable.tme.fuzzing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Helpers shared by the {@code @FuzzTest} classes: turning fuzzer bytes into text of several
 * shapes, and a fixed-seed mutation run over a target's committed inputs.
 *
 * <p>Jazzer's regression mode (the normal test run) replays only the committed inputs. The fixed-
 * seed run adds a few thousand deterministic neighbours of them (byte flips, insertions, cuts,
 * splices), so the test command also covers inputs nobody committed, at a cost of well under a
 * second per target, on any machine, without the fuzzer's native driver.
 */
public final class FuzzInputs {
  private FuzzInputs() {}

  /**
   * Reads {@code data[from..]} as text in one of three ways chosen by {@code mode}: UTF-8
   * (malformed bytes replaced), ISO-8859-1 (one char per byte, as the SecLang engine sees values),
   * or pairs of bytes as UTF-16 code units, which reaches every char including unpaired surrogates.
   */
  public static String text(byte[] data, int from, int mode) {
    int n = Math.max(0, data.length - from);
    switch (Math.floorMod(mode, 3)) {
      case 0:
        return new String(data, from, n, StandardCharsets.UTF_8);
      case 1:
        return new String(data, from, n, StandardCharsets.ISO_8859_1);
      default:
        char[] chars = new char[n / 2];
        for (int i = 0; i < chars.length; i++) {
          chars[i] = (char) ((data[from + 2 * i] & 0xff) << 8 | (data[from + 2 * i + 1] & 0xff));
        }
        return new String(chars);
    }
  }

  /** Whether every char of {@code s} is in 0..255 (a byte string). */
  public static boolean isByteString(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff) {
        return false;
      }
    }
    return true;
  }

  /**
   * The committed inputs of a fuzz test: the files under {@code <ClassName>Inputs/<method>/} next
   * to the test class on the classpath, the directory Jazzer's regression mode reads.
   */
  public static List<byte[]> committed(Class<?> testClass, String method) {
    URL dir = testClass.getResource(testClass.getSimpleName() + "Inputs/" + method);
    if (dir == null) {
      throw new IllegalStateException("no committed inputs for " + testClass.getName() + method);
    }
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      List<byte[]> out = new ArrayList<>();
      for (Path p : files.sorted().toList()) {
        out.add(Files.readAllBytes(p));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code target} on {@code count} deterministic mutations of the committed inputs of {@code
   * testClass}'s {@code method}. The seed is fixed, so a failure reproduces; the failing input is
   * in the assertion's message (as hex) to be committed as a regression input.
   */
  public static void fixedSeedRun(
      Class<?> testClass, String method, int count, Consumer<byte[]> target) {
    List<byte[]> seeds = committed(testClass, method);
    Random random = new Random(0x7e5eedL ^ method.hashCode());
    for (int i = 0; i < count; i++) {
      byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
      try {
        target.accept(input);
      } catch (RuntimeException | Error e) {
        throw new AssertionError(
            method + " failed on mutation " + i + ": " + java.util.HexFormat.of().formatHex(input),
            e);
      }
    }
  }

  static byte[] mutate(byte[] seed, List<byte[]> seeds, Random random) {
    byte[] out = seed.clone();
    int steps = 1 + random.nextInt(4);
    for (int s = 0; s < steps; s++) {
      out = step(out, seeds, random);
    }
    return out;
  }

  private static final byte[] INTERESTING = {
    0,
    1,
    '\n',
    '\r',
    '"',
    '\'',
    '%',
    '&',
    '<',
    '>',
    '\\',
    '{',
    '}',
    '[',
    ']',
    ';',
    '-',
    '=',
    '#',
    (byte) 0x7f,
    (byte) 0x80,
    (byte) 0xc0,
    (byte) 0xe0,
    (byte) 0xf0,
    (byte) 0xff
  };

  private static byte[] step(byte[] in, List<byte[]> seeds, Random random) {
    int n = in.length;
    switch (random.nextInt(6)) {
      case 0: // flip a bit
        if (n > 0) {
          in[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
        }
        return in;
      case 1: // overwrite with a byte that matters to parsers
        if (n > 0) {
          in[random.nextInt(n)] = INTERESTING[random.nextInt(INTERESTING.length)];
        }
        return in;
      case 2: // insert a byte that matters to parsers
        {
          int at = random.nextInt(n + 1);
          byte[] out = new byte[n + 1];
          System.arraycopy(in, 0, out, 0, at);
          out[at] = INTERESTING[random.nextInt(INTERESTING.length)];
          System.arraycopy(in, at, out, at + 1, n - at);
          return out;
        }
      case 3: // cut a range
        {
          if (n == 0) {
            return in;
          }
          int from = random.nextInt(n);
          int to = from + random.nextInt(n - from + 1);
          byte[] out = new byte[n - (to - from)];
          System.arraycopy(in, 0, out, 0, from);
          System.arraycopy(in, to, out, from, n - to);
          return out;
        }
      case 4: // duplicate a range (repetition finds quadratic paths and depth limits)
        {
          if (n == 0) {
            return in;
          }
          int from = random.nextInt(n);
          int len = 1 + random.nextInt(Math.min(64, n - from));
          int times = 1 + random.nextInt(16);
          byte[] out = new byte[n + len * times];
          System.arraycopy(in, 0, out, 0, from + len);
          for (int t = 0; t < times; t++) {
            System.arraycopy(in, from, out, from + len * (t + 1), len);
          }
          System.arraycopy(in, from + len, out, from + len * (times + 1), n - from - len);
          return out;
        }
      default: // splice with another seed
        {
          byte[] other = seeds.get(random.nextInt(seeds.size()));
          int at = random.nextInt(n + 1);
          int from = other.length == 0 ? 0 : random.nextInt(other.length);
          byte[] out = new byte[at + other.length - from];
          System.arraycopy(in, 0, out, 0, at);
          System.arraycopy(other, from, out, at, other.length - from);
          return out;
        }
    }
  }
}
