package ai.traceable.tme.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted private key from a PEM file in the forms a {@code kubernetes.io/tls} Secret
 * holds: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}, Helm's {@code
 * genSignedCert} and cert-manager's default for RSA) and SEC1 EC ({@code EC PRIVATE KEY},
 * cert-manager's default for ECDSA and what {@code openssl ecparam -genkey} writes, possibly after
 * an {@code EC PARAMETERS} block). The JDK reads only PKCS#8, so the two older forms are wrapped
 * into it first; no other library is needed.
 */
final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  /** AlgorithmIdentifier { rsaEncryption, NULL }. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** OBJECT IDENTIFIER id-ecPublicKey (1.2.840.10045.2.1). */
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemKeys() {}

  /**
   * The first private key in {@code file}.
   *
   * @throws IllegalArgumentException naming the file when it holds no usable key (the message never
   *     quotes the key)
   */
  static PrivateKey read(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      String type = block.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue; // e.g. EC PARAMETERS ahead of the key
      }
      byte[] der = Base64.getMimeDecoder().decode(block.group(2));
      return switch (type) {
        case "PRIVATE KEY" -> pkcs8(der);
        case "RSA PRIVATE KEY" -> generate("RSA", rsaPkcs1ToPkcs8(der));
        case "EC PRIVATE KEY" -> generate("EC", ecSec1ToPkcs8(der));
        default -> throw unsupported(file, "'" + type + "'");
      };
    }
    if (text.contains("ENCRYPTED")) {
      throw unsupported(file, "an encrypted key");
    }
    throw new IllegalArgumentException(file + " holds no PEM private key");
  }

  private static IllegalArgumentException unsupported(Path file, String what) {
    return new IllegalArgumentException(
        file
            + " holds "
            + what
            + "; use an unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC key (what a kubernetes.io/tls"
            + " Secret holds)");
  }

  private static PrivateKey generate(String algorithm, byte[] pkcs8)
      throws GeneralSecurityException {
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return generate(algorithm, der);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE {
   * rsaEncryption, NULL }, OCTET STRING { pkcs1 } }.
   */
  static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
    return der(0x30, concat(VERSION_0, RSA_ALGORITHM, der(0x04, pkcs1)));
  }

  /**
   * Wraps a SEC1 ECPrivateKey in a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE {
   * id-ecPublicKey, namedCurve }, OCTET STRING { sec1 } }. The curve comes from the key's own
   * {@code [0]} parameters, which OpenSSL and cert-manager always write.
   */
  static byte[] ecSec1ToPkcs8(byte[] sec1) throws InvalidKeySpecException {
    byte[] algorithm = der(0x30, concat(EC_PUBLIC_KEY, namedCurve(sec1)));
    return der(0x30, concat(VERSION_0, algorithm, der(0x04, sec1)));
  }

  /** The encoded OBJECT IDENTIFIER inside ECPrivateKey's {@code [0]} parameters. */
  private static byte[] namedCurve(byte[] sec1) throws InvalidKeySpecException {
    Element key = Element.at(sec1, 0);
    if (key.tag() != 0x30) {
      throw new InvalidKeySpecException("EC PRIVATE KEY is not a DER sequence");
    }
    for (int at = key.contentStart(); at < key.end(); ) {
      Element field = Element.at(sec1, at);
      if (field.tag() == 0xa0) {
        Element curve = Element.at(sec1, field.contentStart());
        if (curve.tag() != 0x06) {
          throw new InvalidKeySpecException("EC PRIVATE KEY with explicit curve parameters");
        }
        return Arrays.copyOfRange(sec1, curve.start(), curve.end());
      }
      at = field.end();
    }
    throw new InvalidKeySpecException("EC PRIVATE KEY without its curve");
  }

  /** One DER element: its tag, where it starts, where its content starts and where it ends. */
  private record Element(int tag, int start, int contentStart, int end) {
    static Element at(byte[] der, int start) throws InvalidKeySpecException {
      if (start + 2 > der.length) {
        throw new InvalidKeySpecException("truncated DER");
      }
      int content = start + 2;
      int length = der[start + 1] & 0xff;
      if (length >= 0x80) {
        int bytes = length & 0x7f;
        if (bytes == 0 || bytes > 3 || content + bytes > der.length) {
          throw new InvalidKeySpecException("unsupported DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[content++] & 0xff);
        }
      }
      if (content + length > der.length) {
        throw new InvalidKeySpecException("truncated DER");
      }
      return new Element(der[start] & 0xff, start, content, content + length);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
