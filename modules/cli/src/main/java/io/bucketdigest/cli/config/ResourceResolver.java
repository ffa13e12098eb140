package io.bucketdigest.cli.config;

import io.bucketdigest.cli.CliContext;
import io.bucketdigest.cli.CliException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Resolves every setting in one place, per field, in this order: explicit flags, environment variables, the
 * CloudFormation stack's outputs ({@code --stack}), then the running local pipeline's ready file. The local file is
 * only consulted without {@code --stack}.
 */
public final class ResourceResolver {

    /** What the user passed on the command line. */
    public record Flags(
            String endpointUrl, String region, String profile, String stack, Map<ResourceKind, String> resources) {}

    /** What the resolver reads from a stack: its outputs and its parameters (one DescribeStacks). */
    public record StackDescription(Map<String, String> outputs, Map<String, String> parameters) {
        public StackDescription {
            outputs = Map.copyOf(outputs);
            parameters = Map.copyOf(parameters);
        }
    }

    private final Flags flags;
    private final CliContext context;
    private Optional<LocalPipeline> local;
    private Connection connection;
    private StackDescription stack;
    private Function<String, StackDescription> stackReader;

    public ResourceResolver(Flags flags, CliContext context) {
        this.flags = flags;
        this.context = context;
    }

    /** How to read a stack (needs the connection, so it is wired after {@link #connection()}). */
    public void stackReader(Function<String, StackDescription> reader) {
        this.stackReader = reader;
    }

    public Optional<String> stackName() {
        return Optional.ofNullable(blankToNull(flags.stack()));
    }

    public Optional<LocalPipeline> localPipeline() {
        if (stackName().isPresent()) {
            return Optional.empty();
        }
        if (local == null) {
            local = LocalPipeline.read(context.localPipelineFile());
        }
        return local;
    }

    public Connection connection() {
        if (connection == null) {
            connection = resolveConnection();
        }
        return connection;
    }

    private Connection resolveConnection() {
        Optional<LocalPipeline> pipeline = localPipeline();
        Resolved endpoint = firstOf(
                flag(flags.endpointUrl(), "--endpoint-url"),
                variable("AWS_ENDPOINT_URL"),
                pipeline.flatMap(p -> p.field("endpoint").map(v -> new Resolved(v, p.describe()))).orElse(null));
        Optional<URI> endpointUri = Optional.empty();
        if (endpoint != null) {
            endpointUri = Optional.of(parseEndpoint(endpoint));
        }
        Resolved profile = firstOf(flag(flags.profile(), "--profile"), variable("AWS_PROFILE"));
        Resolved region = firstOf(
                flag(flags.region(), "--region"),
                variable("AWS_REGION"),
                variable("AWS_DEFAULT_REGION"),
                pipeline.flatMap(p -> p.field("region").map(v -> new Resolved(v, p.describe()))).orElse(null));
        if (region == null) {
            region = profileRegion(profile == null ? null : profile.value());
        }
        if (region == null && endpointUri.isPresent()) {
            region = new Resolved("us-east-1", "default for an endpoint override");
        }
        if (region == null) {
            throw CliException.resource("no AWS region configured: pass --region (e.g. --region eu-west-1), set "
                    + "AWS_REGION, or set a region in your AWS profile (aws configure). For the local pipeline, "
                    + "start it (scripts/local): it writes " + context.localPipelineFile() + ".");
        }
        boolean hasCredentials = profile != null || context.env("AWS_ACCESS_KEY_ID") != null
                || context.env("AWS_WEB_IDENTITY_TOKEN_FILE") != null;
        boolean localEndpoint = endpoint != null && pipeline.isPresent()
                && endpoint.source().equals(pipeline.get().describe());
        boolean dummy = localEndpoint || endpointUri.isPresent() && !hasCredentials;
        return new Connection(endpointUri, endpoint == null ? "AWS default" : endpoint.source(), region.value(),
                region.source(), dummy ? Optional.empty() : Optional.ofNullable(profile).map(Resolved::value), dummy);
    }

    private static URI parseEndpoint(Resolved endpoint) {
        try {
            URI uri = URI.create(endpoint.value());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("the endpoint '" + endpoint.value() + "' (from " + endpoint.source()
                    + ") is not an absolute URL such as http://127.0.0.1:5000");
        }
    }

    private static Resolved profileRegion(String profile) {
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            if (profile != null) {
                chain.profileName(profile);
            }
            Region region = chain.build().getRegion();
            return region == null ? null : new Resolved(region.id(),
                    profile == null ? "AWS config" : "profile " + profile);
        } catch (SdkClientException | IllegalStateException e) {
            return null;
        }
    }

    public Optional<Resolved> find(ResourceKind kind) {
        Resolved explicit = firstOf(flag(flags.resources().get(kind), kind.flag()), variable(kind.variable()));
        if (explicit != null) {
            return Optional.of(explicit);
        }
        Optional<String> stack = stackName();
        if (stack.isPresent()) {
            String value = stack().outputs().get(kind.stackOutput());
            return value == null || value.isBlank() ? Optional.empty()
                    : Optional.of(new Resolved(value, "stack " + stack.get() + " output " + kind.stackOutput()));
        }
        return localPipeline().flatMap(p -> p.field(kind.localField()).map(v -> new Resolved(v, p.describe())));
    }

    public Resolved require(ResourceKind kind) {
        return find(kind).orElseThrow(() -> missing(kind));
    }

    private CliException missing(ResourceKind kind) {
        if (stackName().isPresent()) {
            return CliException.resource("stack " + stackName().get() + " has no output " + kind.stackOutput()
                    + " (the " + kind.label() + "): deploy the current template (scripts/deploy), or pass "
                    + kind.flag() + ".");
        }
        Optional<LocalPipeline> pipeline = localPipeline();
        if (pipeline.isPresent()) {
            return CliException.resource("the local pipeline file " + pipeline.get().file() + " has no "
                    + kind.localField() + " (the " + kind.label() + "), so an older version of the local pipeline "
                    + "probably wrote it: restart the local pipeline (scripts/local), or pass " + kind.flag()
                    + " or set " + kind.variable() + ".");
        }
        return CliException.resource("no " + kind.label() + " configured: pass " + kind.flag() + ", set "
                + kind.variable() + ", pass --stack NAME (reads output " + kind.stackOutput()
                + "), or start the local pipeline (it writes " + context.localPipelineFile() + ").");
    }

    public Map<ResourceKind, Optional<Resolved>> all() {
        Map<ResourceKind, Optional<Resolved>> all = new EnumMap<>(ResourceKind.class);
        for (ResourceKind kind : ResourceKind.values()) {
            all.put(kind, find(kind));
        }
        return all;
    }

    /**
     * A stack setting that names no single resource (such as {@code AttachedBuckets}): the stack output of that name,
     * else its parameter, both from the same DescribeStacks. Empty without {@code --stack}, or when the stack has
     * neither (it was deployed from a template without them). The value may be empty (an empty list).
     */
    public Optional<Resolved> stackSetting(String name) {
        Optional<String> stackName = stackName();
        if (stackName.isEmpty()) {
            return Optional.empty();
        }
        String output = stack().outputs().get(name);
        if (output != null) {
            return Optional.of(new Resolved(output, "stack " + stackName.get() + " output " + name));
        }
        String parameter = stack().parameters().get(name);
        return parameter == null ? Optional.empty()
                : Optional.of(new Resolved(parameter, "stack " + stackName.get() + " parameter " + name));
    }

    private StackDescription stack() {
        if (stack == null) {
            if (stackReader == null) {
                throw new IllegalStateException("no stack reader wired");
            }
            stack = stackReader.apply(stackName().orElseThrow());
        }
        return stack;
    }

    private Resolved flag(String value, String name) {
        String v = blankToNull(value);
        return v == null ? null : new Resolved(v, name);
    }

    private Resolved variable(String name) {
        String v = context.env(name);
        return v == null ? null : new Resolved(v, "$" + name);
    }

    private static Resolved firstOf(Resolved... candidates) {
        for (Resolved candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
