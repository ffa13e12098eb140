package io.bucketdigest.local;

/** The emulator accepts any credentials; give the SDK's default chain some when the user has none set. */
final class LocalCredentials {

    private LocalCredentials() {}

    static void ensure() {
        if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
        }
    }
}
