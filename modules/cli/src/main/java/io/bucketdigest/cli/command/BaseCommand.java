package io.bucketdigest.cli.command;

import io.bucketdigest.cli.CliContext;
import io.bucketdigest.cli.RootCommand;
import io.bucketdigest.cli.aws.AwsCalls;
import io.bucketdigest.cli.aws.AwsSession;
import io.bucketdigest.cli.aws.Queues;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.ResourceResolver;
import io.bucketdigest.cli.config.Resolved;
import io.bucketdigest.aws.dynamodb.DynamoDbArrivalLedger;
import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads;
import io.bucketdigest.aws.dynamodb.DynamoDbMailEvents;
import io.bucketdigest.aws.dynamodb.DynamoDbPendingEntries;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.sqs.SqsDigestSignals;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.sender.QuarantinedDigests;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    /** The table's read side, its failures translated as every other AWS call of the CLI. */
    DynamoDbHistoryReads history(int pageSize) {
        Target table = target(ResourceKind.TABLE);
        return new DynamoDbHistoryReads(session().dynamoDb(), table.name(), context().clock(), pageSize,
                (action, failure) -> calls().translate(failure, action, table));
    }

    /** What SES reported about digest mails; reading needs no retention or clock (those date what it writes). */
    List<MailEvent> mailEvents(DigestId digestId) {
        Target table = target(ResourceKind.TABLE);
        DynamoDbMailEvents events = new DynamoDbMailEvents(session().dynamoDb(), table.name(), Duration.ofDays(90),
                context().clock());
        return calls().call("dynamodb:Query", table, () -> events.forDigest(digestId));
    }

    DynamoDbSubscriptionStore subscriptionStore() {
        return new DynamoDbSubscriptionStore(session().dynamoDb(), target(ResourceKind.TABLE).name());
    }

    /**
     * The operator's decisions on a quarantined digest, over the functions' own adapters: the table's digest records,
     * pending entries and arrival ledger, and the digest queue for the signal. The retention only dates items these
     * adapters expire, which retry and abandon never write (they keep the record's and the notes' own expiry).
     * The digest queue is resolved when a retry signals (abandon does not need it); a failed signal is reported as
     * {@link SignalNotSent}, naming the digest queue.
     */
    QuarantinedDigests quarantinedDigests() {
        Target table = target(ResourceKind.TABLE);
        Clock clock = context().clock();
        Duration retention = Duration.ofDays(90);
        DigestSignals signals = list -> {
            try {
                Target digestQueue = target(ResourceKind.DIGEST_QUEUE);
                calls().run("sqs:SendMessage", digestQueue,
                        () -> new SqsDigestSignals(session().sqs(), digestQueue.name()).send(list));
            } catch (RuntimeException e) {
                throw new SignalNotSent(e);
            }
        };
        return new QuarantinedDigests(
                new DynamoDbDigestRecords(session().dynamoDb(), table.name(), retention, clock),
                new DynamoDbPendingEntries(session().dynamoDb(), table.name(), retention, clock),
                new DynamoDbArrivalLedger(session().dynamoDb(), table.name()),
                signals, clock);
    }

    /**
     * The digest signal of a retry could not be sent (the decision itself is recorded by then). It does not carry the
     * SDK exception as its cause, so that {@link AwsCalls} passes it through instead of blaming the table.
     */
    static final class SignalNotSent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SignalNotSent(RuntimeException failure) {
            super(failure.getMessage());
        }
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
