package io.bucketdigest.digest;

import io.bucketdigest.mailreader.MimeParts;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.testing.SharedMoto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A realistic mixed burst through the whole pipeline on moto_server; the digest SES received is read back from moto,
 * checked, and written to {@code target/sample-digest.html} / {@code .txt}. With {@code -Dbucketdigest.writeSample=true}
 * it also writes {@code docs/sample-digest.html} and {@code docs/sample-digest.txt}: the committed sample comes from
 * this test.
 */
class SampleDigestIT {

    private static MotoServer moto;
    private static AwsTestClients aws;

    @BeforeAll
    static void startMoto() {
        moto = SharedMoto.get();
        aws = new AwsTestClients(moto.endpoint());
    }

    @AfterAll
    static void closeClients() {
        aws.close();
    }

    @Test
    void mixedBurst_digestTellsTheNetStoryAndIsWrittenAsTheSample() throws IOException {
        DigestStack stack = new DigestStack(moto, aws, Duration.ofSeconds(2));
        stack.ingestEvents(scenario(stack.clock.instant()));
        stack.clock.advance(Duration.ofSeconds(3));

        stack.drain(stack.digestHandler());

        List<DigestStack.Mail> mails = stack.mails();
        assertThat(mails).hasSize(1);
        MimeParts mail = mails.get(0).parts();
        // data/export.csv was removed and re-created: it existed before and after, so it counts as overwritten.
        assertThat(mail.header("Subject")).isEqualTo(
                "30 objects created, 1 overwritten, 8 removed, 1 created and removed in " + DigestStack.BUCKET);
        String text = mail.text();
        assertThat(text).contains("reports/2026-q1-summary.pdf  created then overwritten 3 times")
                .contains("data/export.csv  removed then re-created")
                .contains("tmp/upload-scratch.bin  created then removed")
                .contains("photos/2026/03/02/Zoë's trip #1.jpg")
                .contains("logs/app-2026-02-01.log  removed")
                .contains("1.4 GiB");
        String html = mail.html();
        assertThat(html).contains("<table").contains("Zoë&#39;s trip #1.jpg").contains("overwritten 3 times");
        assertThat(html.toLowerCase(Locale.ROOT)).as("no external images or scripts")
                .doesNotContain("<script").doesNotContain("<img").doesNotContain("src=")
                .doesNotContain("<link").doesNotContain("url(");
        assertThat(mail.csv()).as("40 objects fit the inline limit").isEmpty();

        write(Path.of("target"), mail);
        if (Boolean.getBoolean("bucketdigest.writeSample")) {
            write(repositoryRoot().resolve("docs"), mail);
        }
    }

    /**
     * Four minutes of activity in one bucket, delivered as one burst: photos uploaded, old logs deleted, a report
     * saved four times, a scratch file created and removed, an export removed and re-created, one large file.
     */
    private static List<DigestStack.S3Event> scenario(Instant now) {
        Instant start = now.minus(Duration.ofMinutes(4));
        List<DigestStack.S3Event> events = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            String key = String.format(Locale.ROOT, "photos/2026/03/02/IMG_%04d.jpg", 4100 + i);
            events.add(new DigestStack.S3Event(key, "ObjectCreated:Put", start.plusSeconds(7L * i),
                    2_400_000L + 97_531L * i));
        }
        events.add(new DigestStack.S3Event("photos/2026/03/02/Zoë's trip #1.jpg", "ObjectCreated:Put",
                start.plusSeconds(95), 3_145_728L));
        for (int day = 1; day <= 8; day++) {
            events.add(new DigestStack.S3Event(String.format(Locale.ROOT, "logs/app-2026-02-%02d.log", day),
                    "ObjectRemoved:Delete", start.plusSeconds(150 + day), null));
        }
        for (int save = 0; save < 4; save++) {
            events.add(new DigestStack.S3Event("reports/2026-q1-summary.pdf", "ObjectCreated:Put",
                    start.plusSeconds(60 + 40L * save), 812_000L + 1_000L * save));
        }
        events.add(new DigestStack.S3Event("tmp/upload-scratch.bin", "ObjectCreated:Put", start.plusSeconds(30),
                52_428_800L));
        events.add(new DigestStack.S3Event("tmp/upload-scratch.bin", "ObjectRemoved:Delete", start.plusSeconds(200),
                null));
        events.add(new DigestStack.S3Event("data/export.csv", "ObjectRemoved:Delete", start.plusSeconds(120), null));
        events.add(new DigestStack.S3Event("data/export.csv", "ObjectCreated:Put", start.plusSeconds(180),
                18_874_368L));
        events.add(new DigestStack.S3Event("data/warehouse/orders.parquet", "ObjectCreated:CompleteMultipartUpload",
                start.plusSeconds(230), 1_503_238_553L));
        return events;
    }

    private static void write(Path directory, MimeParts mail) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("sample-digest.html"), mail.html(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("sample-digest.txt"), mail.text().replace("\r\n", "\n"),
                StandardCharsets.UTF_8);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("modules")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
