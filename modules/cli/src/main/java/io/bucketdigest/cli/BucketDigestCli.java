package io.bucketdigest.cli;

import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Builds the command tree over a {@link CliContext} and runs one command line, returning its exit code. */
public final class BucketDigestCli {

    private BucketDigestCli() {}

    public static int run(CliContext context, String... args) {
        RootCommand root = new RootCommand(context);
        CommandLine commandLine = commandLine(root);
        try {
            return commandLine.execute(args);
        } finally {
            root.close();
            context.out().flush();
            context.err().flush();
        }
    }

    public static CommandLine commandLine(RootCommand root) {
        IFactory factory = new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == RootCommand.class) {
                    return type.cast(root);
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = new CommandLine(root, factory);
        commandLine.setOut(root.context().out());
        commandLine.setErr(root.context().err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new ErrorHandler(root));
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        return commandLine;
    }
}
