package dev.eos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * eos-bom (which has no parent) lists every module a user can depend on, at the project's
 * version. A new module is either added there or named here as not published.
 */
class BomListsEveryPublishedModuleTest {
    private static final Set<String> NOT_PUBLISHED = Set.of("eos-bom", "eos-examples", "eos-bench", "eos-consumer-it");
    private static final Path ROOT = Path.of("..");

    @Test
    void bomManagesEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Document root = parse(ROOT.resolve("pom.xml"));
        Document bom = parse(ROOT.resolve("eos-bom/pom.xml"));
        List<String> published = new ArrayList<>(texts(root, "module"));
        published.removeAll(NOT_PUBLISHED);

        assertThat(child(bom.getDocumentElement(), "version"))
                .as("eos-bom/pom.xml's version (it has no parent: keep it equal to the root pom's)")
                .isEqualTo(child(root.getDocumentElement(), "version"));
        assertThat(texts(bom, "artifactId")).as("artifacts managed by eos-bom")
                .containsAll(published);
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> texts(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    private static String child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }
}
