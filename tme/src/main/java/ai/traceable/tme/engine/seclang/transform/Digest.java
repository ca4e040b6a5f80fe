package ai.traceable.tme.engine.seclang.transform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code md5} and {@code sha1}: the raw digest bytes of the value (16 or 20 bytes, not hex; rules
 * usually follow with {@code t:hexEncode}).
 */
final class Digest implements Transformation {
  private final String name;
  private final String algorithm;

  Digest(String name, String algorithm) {
    this.name = name;
    this.algorithm = algorithm;
    newDigest(); // fail at start-up, not per value, if the JDK lacks the algorithm
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String apply(String s) {
    byte[] digest = newDigest().digest(s.getBytes(StandardCharsets.ISO_8859_1));
    return new String(digest, StandardCharsets.ISO_8859_1);
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
  }
}
