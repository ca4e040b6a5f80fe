package ai.traceable.tme.engine.seclang.body;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The XML request body processor: {@code XML:/*} is the text of the whole document (every text and
 * CDATA node, in order, as libxml2's node content), {@code XML://@*} each attribute value. A body
 * that is not well-formed XML fails with a message, which sets {@code REQBODY_ERROR}.
 *
 * <p>Attacker-supplied XML is parsed safely: no external entity, DTD or schema is ever fetched (the
 * parser has no access to anything outside the body), entity expansion is bounded by the JDK's
 * secure processing limits, and documents nested deeper than {@value #MAX_DEPTH} elements are
 * refused. Values are byte strings (their UTF-8 bytes, one char each). Thread-safe: each thread
 * reuses its own parser.
 */
public final class XmlBody {
  /** The key of the document's text: the XPath {@code /*}. */
  public static final String ROOT = "/*";

  /** The key of each attribute value: the XPath {@code //@*}. */
  public static final String ATTRIBUTES = "//@*";

  /** Deepest element nesting accepted. */
  static final int MAX_DEPTH = 256;

  private static final ThreadLocal<SAXParser> PARSER = ThreadLocal.withInitial(XmlBody::newParser);

  private XmlBody() {}

  /** Parses {@code body}. */
  public static BodyData parse(byte[] body) {
    Collector collector = new Collector();
    SAXParser parser = PARSER.get();
    try {
      parser.parse(new InputSource(new ByteArrayInputStream(body)), collector);
    } catch (SAXParseException e) {
      return BodyData.failed(
          "XML parsing error: line " + e.getLineNumber() + ": " + String.valueOf(e.getMessage()));
    } catch (SAXException | java.io.IOException | RuntimeException e) {
      return BodyData.failed("XML parsing error: " + e.getMessage());
    } finally {
      parser.reset();
    }
    List<Param> values = new ArrayList<>(collector.attributes.size() + 1);
    values.add(new Param(ROOT, SecLangRequest.bytes(collector.text.toString())));
    for (String a : collector.attributes) {
      values.add(new Param(ATTRIBUTES, SecLangRequest.bytes(a)));
    }
    return BodyData.ofXml(values);
  }

  private static SAXParser newParser() {
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(false);
      factory.setValidating(false);
      factory.setXIncludeAware(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      SAXParser parser = factory.newSAXParser();
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return parser;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
    }
  }

  /** Collects text and attribute values; refuses deep nesting and resolves no entity. */
  private static final class Collector extends DefaultHandler {
    final StringBuilder text = new StringBuilder();
    final List<String> attributes = new ArrayList<>();
    int depth;

    @Override
    public void startElement(String uri, String local, String qName, Attributes attrs)
        throws SAXException {
      if (++depth > MAX_DEPTH) {
        throw new SAXException("elements nested deeper than " + MAX_DEPTH);
      }
      for (int i = 0; i < attrs.getLength(); i++) {
        String name = attrs.getQName(i);
        if (!name.equals("xmlns") && !name.startsWith("xmlns:")) {
          attributes.add(attrs.getValue(i));
        }
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      depth--;
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (depth > 0) {
        text.append(ch, start, length);
      }
    }

    @Override
    public InputSource resolveEntity(String publicId, String systemId) {
      // an external entity or DTD is replaced by nothing: the body never reaches out
      return new InputSource(new StringReader(""));
    }
  }
}
