package io.bucketdigest.digest;

import io.bucketdigest.aws.AwsClients;
import io.bucketdigest.aws.dynamodb.DynamoDbMailEvents;
import io.bucketdigest.core.port.MailEvents;
import java.time.Clock;
import java.util.Set;
import software.amazon.awssdk.regions.Region;

/** The one place that builds the mail-event function's object graph: one DynamoDB client, one adapter. */
public final class MailEventWiring {

    /** Every IAM action this function's code calls; template.yaml must grant exactly these (checked by a test). */
    public static final Set<String> IAM_ACTIONS = Set.of("dynamodb:PutItem");

    private final MailEvents events;

    public MailEventWiring(MailEventConfig config, Clock clock) {
        AwsClients clients = new AwsClients(Region.of(config.region()), config.endpoint());
        this.events = new DynamoDbMailEvents(clients.dynamoDb(), config.historyTable(), config.retention(), clock);
    }

    public static MailEventWiring fromEnvironment() {
        return new MailEventWiring(MailEventConfig.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    public MailEvents events() {
        return events;
    }
}
