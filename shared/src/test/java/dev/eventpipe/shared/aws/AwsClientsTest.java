package dev.eventpipe.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

class AwsClientsTest {

    @Test
    void namesABuildersService_asTheEndpointVariablesSpellIt() {
        assertThat(AwsClients.service(S3Client.builder())).isEqualTo("S3");
        assertThat(AwsClients.service(S3AsyncClient.builder())).isEqualTo("S3");
    }

    @Test
    void pointsEachServiceAtItsOwnEndpoint() {
        URI s3 = URI.create("http://127.0.0.1:1");
        try (AwsClients clients = AwsClients.forEmulators(Map.of("S3", s3, "SQS", URI.create("http://127.0.0.1:2")))) {
            assertThat(clients.s3().serviceClientConfiguration().endpointOverride()).contains(s3);
        }
    }

    @Test
    void takesAwscliRegionVariable_whenTheSdksOwnIsNotSet() {
        try (AwsClients clients = AwsClients.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "eu-west-1"))) {
            assertThat(clients.region().id()).isEqualTo("eu-west-1");
        }
        try (AwsClients clients = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "eu-west-1"))) {
            assertThat(clients.region().id()).isEqualTo("eu-central-1");
        }
    }

    @Test
    void answersEveryRequestInMemory_withAnEmptySuccess() {
        try (AwsClients clients = AwsClients.answeredInMemory()) {
            assertThat(clients.s3().headObject(b -> b.bucket("any").key("thing")).eTag())
                    .isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
            assertThat(clients.s3().getObjectAsBytes(b -> b.bucket("any").key("thing")).asUtf8String()).isEqualTo("{}");
        }
    }
}
