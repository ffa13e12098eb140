package io.bucketdigest.cli;

import io.bucketdigest.cli.aws.AwsCalls;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.exception.SdkException;

/** Prints an error as one line on stderr ("bucket-digest: ...") and returns its documented exit code. */
final class ErrorHandler implements IExecutionExceptionHandler {

    private final RootCommand root;

    ErrorHandler(RootCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code;
        String message;
        if (e instanceof CliException cli) {
            code = cli.exitCode();
            message = cli.getMessage();
        } else if (e instanceof CommandLine.ParameterException parameter) {
            return new UsageErrorHandler().handleParseException(parameter, new String[0]);
        } else if (AwsCalls.sdkCause(e) != null) {
            SdkException sdk = AwsCalls.sdkCause(e);
            code = ExitCode.AWS;
            message = root.calls().translate(sdk, "an AWS call", null).getMessage();
        } else {
            code = ExitCode.INTERNAL;
            message = "internal error: " + e + " (rerun with --debug for the stack trace, and please report it)";
        }
        err.println("bucket-digest: " + message);
        if (root.debug()) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        return code;
    }
}
