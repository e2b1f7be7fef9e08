package org.implicitbias.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks that picture files are what they claim to be, without looking at pixels' meaning. */
final class PictureFiles {
    private PictureFiles() {
    }

    /** ImageIO decodes the PNG, it is larger than 300 x 300 pixels and the file larger than 1 KB. */
    static void assertValidPng(Path png) throws IOException {
        assertThat(png).exists();
        assertThat(Files.size(png)).as("size of %s", png).isGreaterThan(1024);
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(png)) {
            assertThat(in.read(head)).isEqualTo(8);
        }
        assertThat(head).as("PNG signature").containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decoded %s", png).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(300);
        assertThat(image.getHeight()).isGreaterThan(300);
    }

    /** An XML parser reads the SVG, its root element is {@code svg}, the file is larger than 1 KB. */
    static Document assertValidSvg(Path svg) throws Exception {
        assertThat(svg).exists();
        assertThat(Files.size(svg)).as("size of %s", svg).isGreaterThan(1024);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // the file may name the SVG DTD; do not fetch it from the network
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document doc = b.parse(svg.toFile());
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        return doc;
    }
}
