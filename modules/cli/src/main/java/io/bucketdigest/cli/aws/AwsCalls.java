package io.bucketdigest.cli.aws;

import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.ExitCode;
import io.bucketdigest.cli.config.Connection;
import io.bucketdigest.cli.config.LocalPipeline;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs AWS calls and turns their failures into one-line messages that name the action, the resource and the fix
 * (exit code 3). Every call site names its IAM action, so "access denied" says exactly what to grant.
 */
public final class AwsCalls {

    private static final Set<String> NOT_FOUND = Set.of(
            "ResourceNotFoundException", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist",
            "NoSuchBucket", "NotFound", "NotFoundException");
    private static final Set<String> ACCESS_DENIED = Set.of(
            "AccessDenied", "AccessDeniedException", "AuthorizationError", "AuthorizationErrorException",
            "UnauthorizedOperation", "KMS.AccessDeniedException", "AllAccessDisabled");
    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "IncompleteSignature", "MissingAuthenticationToken", "InvalidSecurity");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired");
    private static final Set<String> THROTTLED = Set.of(
            "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded",
            "ProvisionedThroughputExceededException", "TooManyRequestsException", "SlowDown",
            "AWS.SimpleQueueService.RequestThrottled", "RequestThrottled");

    private final Connection connection;
    private final Optional<LocalPipeline> local;

    public AwsCalls(Connection connection, Optional<LocalPipeline> local) {
        this.connection = connection;
        this.local = local;
    }

    public <T> T call(String action, Target target, Supplier<T> call) {
        try {
            return call.get();
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            SdkException sdk = sdkCause(e);
            if (sdk == null) {
                throw e;
            }
            throw translate(sdk, action, target);
        }
    }

    public void run(String action, Target target, Runnable call) {
        call(action, target, () -> {
            call.run();
            return null;
        });
    }

    /** The SDK exception inside {@code e} (adapters wrap them), or null. */
    public static SdkException sdkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SdkException sdk) {
                return sdk;
            }
        }
        return null;
    }

    public static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return "";
    }

    /**
     * An answer that means "this endpoint does not implement the API" rather than anything about the resource: an
     * emulator's 404 or 501 without an AWS error code (moto answers an unknown route with an HTML 404), or a "not
     * implemented" message. AWS itself names an error code on every 404.
     */
    public static boolean notImplemented(SdkException e) {
        if (!(e instanceof AwsServiceException service)) {
            return false;
        }
        String code = errorCode(service);
        String message = String.valueOf(service.awsErrorDetails() == null ? service.getMessage()
                : service.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT);
        if (code.equalsIgnoreCase("NotImplemented") || message.contains("not implemented")
                || message.contains("not yet implemented")) {
            return true;
        }
        boolean named = !code.isEmpty() && !code.matches("[0-9]{3}.*");
        return (service.statusCode() == 404 || service.statusCode() == 501) && !named;
    }

    public static int statusCode(SdkException e) {
        return e instanceof AwsServiceException service ? service.statusCode() : 0;
    }

    public CliException translate(SdkException e, String action, Target target) {
        String where = connection.describeEndpoint();
        String resource = target == null ? "" : " on " + target.describe();
        String source = target == null || target.source() == null ? "" : " (name from " + target.source() + ")";
        if (e instanceof AwsServiceException service) {
            String code = errorCode(service);
            String message = service.awsErrorDetails() == null ? service.getMessage()
                    : String.valueOf(service.awsErrorDetails().errorMessage());
            if (NOT_FOUND.contains(code) || isMissingStack(code, message) || isMissingQueue(code, message)) {
                return new CliException(ExitCode.AWS, capitalize(target == null ? "the resource" : target.describe())
                        + " does not exist in " + where + source + ". "
                        + (target == null ? "" : target.fixWhenMissing()), e);
            }
            if (EXPIRED.contains(code)) {
                return new CliException(ExitCode.AWS, "your AWS credentials have expired (" + action + resource
                        + "). Refresh them, e.g. aws sso login" + profileHint() + ".", e);
            }
            if (BAD_CREDENTIALS.contains(code)) {
                return new CliException(ExitCode.AWS, "AWS rejected the credentials (" + code + ") for " + action
                        + resource + " in " + where + ". Check the profile (--profile / AWS_PROFILE) and that its "
                        + "keys are valid for this account and region.", e);
            }
            if (ACCESS_DENIED.contains(code) || service.statusCode() == 403) {
                return new CliException(ExitCode.AWS, "access denied: " + action + resource + source
                        + " was refused for your identity. Grant " + action + " on that resource to the user or role"
                        + profileHint() + " (AWS said: " + message + ").", e);
            }
            if (THROTTLED.contains(code) || service.statusCode() == 429) {
                return new CliException(ExitCode.AWS, action + resource + " was throttled (" + code
                        + "): wait a moment and retry (for dlq replay, lower --rate).", e);
            }
            return new CliException(ExitCode.AWS, action + resource + source + " failed in " + where + ": " + message
                    + " (HTTP " + service.statusCode() + (code.isEmpty() ? "" : ", " + code) + ").", e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials") || message.contains("credentials")
                && message.contains("load")) {
            return new CliException(ExitCode.AWS, "no AWS credentials found for " + action + resource
                    + ": pass --profile NAME or set AWS_PROFILE, set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run "
                    + "aws configure / aws sso login. (Against an emulator, pass --endpoint-url: it uses dummy "
                    + "credentials.)", e);
        }
        if (e instanceof SdkClientException && unreachable(e)) {
            String fix = local.filter(p -> connection.endpointSource().equals(p.describe()))
                    .map(p -> " The local pipeline's ready file names this endpoint, but nothing answers there: "
                            + "is the pipeline running? If it stopped without cleaning up, delete " + p.file() + ".")
                    .orElse(connection.endpoint().isPresent()
                            ? " Check --endpoint-url / AWS_ENDPOINT_URL, and that the emulator is running."
                            : " Check your network or proxy settings.");
            return new CliException(ExitCode.AWS, "cannot reach " + where + " for " + action + resource + "."
                    + fix, e);
        }
        return new CliException(ExitCode.AWS, action + resource + " failed: " + message, e);
    }

    private String profileHint() {
        return connection.profile().map(p -> " (profile " + p + ")").orElse("");
    }

    private static boolean isMissingStack(String code, String message) {
        return "ValidationError".equals(code) && message != null && message.contains("does not exist");
    }

    private static boolean isMissingQueue(String code, String message) {
        return code.toLowerCase(Locale.ROOT).contains("nonexistentqueue")
                || message != null && message.contains("specified queue does not exist");
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("Connection refused") || message.contains("Unable to execute HTTP request");
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
