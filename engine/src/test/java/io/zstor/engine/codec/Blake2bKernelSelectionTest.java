package io.zstor.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** BLAKE2b kernel choice in fresh JVMs: with and without the incubator module, and forced by the property. */
class Blake2bKernelSelectionTest {

    private static final String ABC = "cf4ab791c62b8d2b2109c90275287816";

    @Test
    void fallsBackToScalarWithoutTheVectorModule() throws Exception {
        assertThat(probe(false, null)).isEqualTo("scalar " + ABC);
    }

    @Test
    void scalarIsTheDefaultEvenWithTheModule() throws Exception {
        assertThat(probe(true, null)).isEqualTo("scalar " + ABC);
    }

    @Test
    void propertyForcesAKernel() throws Exception {
        assertThat(probe(true, "scalar")).isEqualTo("scalar " + ABC);
        assertThat(probe(true, " Vector ")).isEqualTo("vector " + ABC);
        assertThat(probe(false, "vector")).startsWith("error: the vector BLAKE2b kernel is unavailable");
        assertThat(probe(true, "simd")).isEqualTo(
                "error: system property zstor.blake2b.kernel must be 'scalar' or 'vector', got 'simd'");
    }

    private static String probe(boolean vectorModule, String kernelProperty) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorModule) {
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
        }
        if (kernelProperty != null) {
            command.add("-D" + Blake2bKernels.PROPERTY + "=" + kernelProperty);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Blake2bKernelProbe.class.getName());
        Process process = new ProcessBuilder(command).start();
        process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
