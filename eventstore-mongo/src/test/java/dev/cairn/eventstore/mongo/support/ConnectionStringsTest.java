package dev.cairn.eventstore.mongo.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStringsTest {

    @Test
    void thePasswordIsMaskedAndEverythingElseKept() {
        assertThat(ConnectionStrings.masked("mongodb://alice:s3cr%40t@db1:27017,db2/shop?replicaSet=rs0"))
                .isEqualTo("mongodb://alice:****@db1:27017,db2/shop?replicaSet=rs0");
        assertThat(ConnectionStrings.masked("mongodb+srv://bob:p:w@cluster0.example.net/"))
                .isEqualTo("mongodb+srv://bob:****@cluster0.example.net/")
                .doesNotContain("p:w");
        assertThat(ConnectionStrings.masked("mongodb://db1:27017/?w=majority"))
                .isEqualTo("mongodb://db1:27017/?w=majority");
        assertThat(ConnectionStrings.masked("mongodb://carol@db1/")).isEqualTo("mongodb://carol@db1/");
    }

    @Test
    void hostsNeverShowCredentials() {
        assertThat(ConnectionStrings.hosts("mongodb://alice:secret@db1:27017,db2:27018/shop"))
                .isEqualTo("[db1:27017, db2:27018]");
        assertThat(ConnectionStrings.hosts("mongo://alice:secret@db1")).doesNotContain("secret");
    }
}
