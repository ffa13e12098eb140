package io.bucketdigest.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

class AwsCallsTest {

    private static SesV2Exception answer(int status, String code, String message) {
        return (SesV2Exception) SesV2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void notImplemented_anEmulatorsBare404_isNotImplemented_butANamedNotFoundIsAnAnswer() {
        assertThat(AwsCalls.notImplemented(answer(404, null, "Not Found"))).isTrue();
        assertThat(AwsCalls.notImplemented(answer(501, "", null))).isTrue();
        assertThat(AwsCalls.notImplemented(answer(500, "InternalFailure", "The action X is not yet implemented")))
                .isTrue();
        assertThat(AwsCalls.notImplemented(answer(404, "NotFoundException", "x@example.com"))).isFalse();
        assertThat(AwsCalls.notImplemented(answer(403, null, "Forbidden"))).isFalse();
        assertThat(AwsCalls.notImplemented(SdkClientException.create("Connection refused"))).isFalse();
    }
}
