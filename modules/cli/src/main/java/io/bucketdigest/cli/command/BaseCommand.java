package io.bucketdigest.cli.command;

import io.bucketdigest.cli.CliContext;
import io.bucketdigest.cli.RootCommand;
import io.bucketdigest.cli.aws.AwsCalls;
import io.bucketdigest.cli.aws.AwsSession;
import io.bucketdigest.cli.aws.HistoryQueries;
import io.bucketdigest.cli.aws.Queues;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.ResourceResolver;
import io.bucketdigest.cli.config.Resolved;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the root's context, resolver and AWS session, and typed access to resources. */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    RootCommand root() {
        return (RootCommand) spec.root().userObject();
    }

    CliContext context() {
        return root().context();
    }

    PrintWriter out() {
        return context().out();
    }

    PrintWriter err() {
        return context().err();
    }

    ResourceResolver resolver() {
        return root().resolver();
    }

    AwsSession session() {
        return root().session();
    }

    AwsCalls calls() {
        return root().calls();
    }

    Target target(ResourceKind kind) {
        Resolved resolved = resolver().require(kind);
        return Target.of(kind, resolved);
    }

    HistoryQueries history(int pageSize) {
        Target table = target(ResourceKind.TABLE);
        return new HistoryQueries(session().dynamoDb(), table.name(), calls(), table, context().clock().instant(),
                pageSize);
    }

    DynamoDbSubscriptionStore subscriptionStore() {
        return new DynamoDbSubscriptionStore(session().dynamoDb(), target(ResourceKind.TABLE).name());
    }

    Queues queues() {
        return new Queues(session().sqs(), calls());
    }

    /** A command group run without a subcommand: a usage error that lists the subcommands. */
    Integer missingSubcommand() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    int width() {
        return context().terminalWidth();
    }
}
