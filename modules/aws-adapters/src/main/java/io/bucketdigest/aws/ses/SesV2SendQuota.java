package io.bucketdigest.aws.ses;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;

/** The account's maximum send rate (recipients per second) from GetAccount, when SES will say. */
public final class SesV2SendQuota {

    private final SesV2Client ses;

    public SesV2SendQuota(SesV2Client ses) {
        this.ses = ses;
    }

    public Optional<Double> maxSendRate() {
        try {
            GetAccountResponse account = ses.getAccount(b -> { });
            if (account.sendQuota() == null || account.sendQuota().maxSendRate() == null) {
                return Optional.empty();
            }
            double rate = account.sendQuota().maxSendRate();
            return rate > 0 ? Optional.of(rate) : Optional.empty();
        } catch (SdkException e) {
            return Optional.empty();
        }
    }
}
