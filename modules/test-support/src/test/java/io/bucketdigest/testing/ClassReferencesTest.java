package io.bucketdigest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassReferencesTest {

    static final class Created {}

    static final class Cast {}

    static final class Constants {
        static final int LIMIT = 7;
    }

    record Element(String value) {}

    record Holder(List<Element> elements) {}

    static final class Sample {
        Object run(Object input) {
            int limit = Constants.LIMIT;
            Cast cast = (Cast) input;
            return limit > 0 ? new Created() : cast;
        }

        Holder holder() {
            return null;
        }
    }

    @Test
    void of_classUsingOthers_namesWhatItsCodeAndDescriptorsUse() throws IOException {
        Set<String> named = ClassReferences.of(bytes(Sample.class));

        assertThat(named).contains(internal(Created.class), internal(Cast.class), internal(Holder.class));
        assertThat(named).doesNotContain(internal(Sample.class));
    }

    @Test
    void of_inlinedConstant_leavesItsClassOut() throws IOException {
        // javac keeps a class constant for Constants (for jdeps), but no code uses it: the JVM never loads Constants.
        assertThat(ClassReferences.of(bytes(Sample.class))).doesNotContain(internal(Constants.class));
    }

    @Test
    void of_recordWithAGenericComponent_namesTheElementTypeFromTheSignature() throws IOException {
        assertThat(ClassReferences.of(bytes(Holder.class))).contains(internal(Element.class));
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + internal(type) + ".class")) {
            return in.readAllBytes();
        }
    }
}
