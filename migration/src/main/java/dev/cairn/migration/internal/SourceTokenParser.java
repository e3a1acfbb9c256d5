package dev.cairn.migration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the extension's stored tokens as data: the JSON Jackson wrote or the XML XStream wrote, recognizing
 * {@code MongoTrackingToken} by its {@code trackedEvents}, {@code ReplayToken} by {@code tokenAtReset} and
 * {@code MergedTrackingToken} by {@code lowerSegmentToken}. No class is loaded from a stored name.
 */
public final class SourceTokenParser {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SourceTokenParser() {
    }

    /**
     * @param text the token's serialized form
     * @return the token, or {@code null} for a stored null token
     * @throws IllegalArgumentException when the data is no token this migration knows, saying why
     */
    public static SourceToken parse(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("<")) {
            return xml(trimmed);
        }
        try {
            return json(JSON.readTree(trimmed));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("is neither JSON nor XML: " + e.getMessage());
        }
    }

    private static SourceToken json(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isArray() && node.size() == 2 && node.get(0).isTextual()) {
            return json(node.get(1)); // a type wrapper: ["class name", {...}]
        }
        if (node.has("trackedEvents")) {
            Set<String> known = new LinkedHashSet<>();
            node.get("trackedEvents").fieldNames().forEachRemaining(known::add);
            return new SourceToken.Mongo(jsonMillis(node.get("timestamp")), known);
        }
        if (node.has("tokenAtReset")) {
            return new SourceToken.Replay(json(node.get("tokenAtReset")), json(node.get("currentToken")));
        }
        if (node.has("lowerSegmentToken")) {
            return new SourceToken.Merged(json(node.get("lowerSegmentToken")), json(node.get("upperSegmentToken")));
        }
        throw new IllegalArgumentException("is not a MongoTrackingToken, ReplayToken or MergedTrackingToken: "
                                                   + fieldNames(node));
    }

    private static long jsonMillis(JsonNode timestamp) {
        if (timestamp == null) {
            throw new IllegalArgumentException("has no timestamp");
        }
        if (timestamp.isTextual()) {
            return Instant.parse(timestamp.asText()).toEpochMilli();
        }
        if (timestamp.isIntegralNumber() && timestamp.asLong() > 100_000_000_000L) {
            return timestamp.asLong(); // epoch milliseconds
        }
        // Jackson's Instant as decimal seconds (nanoseconds in the fraction)
        return new BigDecimal(timestamp.asText()).movePointRight(3).longValue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> iterator = node.fieldNames();
        iterator.forEachRemaining(names::add);
        return names;
    }

    private static SourceToken xml(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            Element root = factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)))
                                  .getDocumentElement();
            return xml(root);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("is not readable XML: " + e.getMessage());
        }
    }

    private static SourceToken xml(Element element) {
        if (element == null || "true".equals(element.getAttribute("null"))) {
            return null;
        }
        Element tracked = child(element, "trackedEvents");
        if (tracked != null) {
            Set<String> known = new LinkedHashSet<>();
            for (Element entry : children(tracked)) {
                List<Element> keyAndValue = children(entry);
                if (!keyAndValue.isEmpty()) {
                    known.add(keyAndValue.get(0).getTextContent().strip());
                }
            }
            Element timestamp = child(element, "timestamp");
            if (timestamp == null) {
                throw new IllegalArgumentException("has no timestamp");
            }
            return new SourceToken.Mongo(Long.parseLong(timestamp.getTextContent().strip()), known);
        }
        if (child(element, "tokenAtReset") != null) {
            return new SourceToken.Replay(xml(child(element, "tokenAtReset")), xml(child(element, "currentToken")));
        }
        if (child(element, "lowerSegmentToken") != null) {
            return new SourceToken.Merged(xml(child(element, "lowerSegmentToken")),
                                          xml(child(element, "upperSegmentToken")));
        }
        throw new IllegalArgumentException("is not a MongoTrackingToken, ReplayToken or MergedTrackingToken: <"
                                                   + element.getTagName() + ">");
    }

    private static Element child(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getTagName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
