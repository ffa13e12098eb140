package io.bucketdigest.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/** The executable jar's entry point. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        Charset charset = System.console() != null ? System.console().charset() : java.nio.charset.StandardCharsets.UTF_8;
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
        int code = BucketDigestCli.run(CliContext.system(out, err), args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
