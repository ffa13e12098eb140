package io.bucketdigest.cli.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bucketdigest.cli.config.Connection;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.FormatOption;
import io.bucketdigest.cli.output.OutputFormat;
import io.bucketdigest.cli.output.RowPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "resources",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Show the endpoint, region and resource names in use, and where each came from.",
        footerHeading = "%nExamples:%n",
        footer = {"  bucket-digest resources", "  bucket-digest --stack bucket-digest-prod resources -o json"})
public final class ResourcesCommand extends BaseCommand {

    @Mixin
    FormatOption output;

    record Line(@JsonProperty("setting") String name, String value, String source) {}

    @Override
    public Integer call() {
        Connection connection = resolver().connection();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("endpoint", connection.endpoint().map(Object::toString).orElse("(AWS)"),
                connection.endpointSource()));
        lines.add(new Line("region", connection.region(), connection.regionSource()));
        lines.add(new Line("credentials", connection.profile().map(p -> "profile " + p)
                .orElse(connection.dummyCredentials() ? "emulator dummy credentials" : "default chain"), ""));
        for (Map.Entry<ResourceKind, Optional<Resolved>> entry : resolver().all().entrySet()) {
            ResourceKind kind = entry.getKey();
            lines.add(new Line(kind.label(), entry.getValue().map(Resolved::value).orElse("-"),
                    entry.getValue().map(Resolved::source).orElse("not configured (" + kind.flag() + ")")));
        }
        RowPrinter<Line> printer = new RowPrinter<>(out(), output.format, List.of(
                Column.fixed("SETTING", Line::name),
                Column.flexible("VALUE", Line::value),
                Column.flexible("FROM", Line::source)), line -> line, width());
        lines.forEach(printer::print);
        printer.finish("");
        if (output.format == OutputFormat.TABLE) {
            resolver().localPipeline().ifPresent(p -> out().println("(local pipeline = " + p.file() + ")"));
            resolver().stackName().ifPresent(s -> out().println("(stack = " + s + " in "
                    + connection.region() + ")"));
        }
        return 0;
    }
}
