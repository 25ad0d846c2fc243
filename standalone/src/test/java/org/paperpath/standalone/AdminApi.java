package org.paperpath.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The REST calls an operator makes, over real HTTP with the admin token. */
final class AdminApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    AdminApi(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a domain and a mailbox; returns the address. */
    String createMailbox(String domain, String localPart, String password) throws Exception {
        HttpResponse<String> d = post("/api/v1/domains", "{\"name\":\"" + domain + "\"}");
        if (d.statusCode() != 201 && d.statusCode() != 409) {
            throw new IllegalStateException("domain: " + d.statusCode() + " " + d.body());
        }
        HttpResponse<String> m = post("/api/v1/domains/" + domain + "/mailboxes",
                "{\"localPart\":\"" + localPart + "\",\"password\":\"" + password + "\"}");
        if (m.statusCode() != 201) {
            throw new IllegalStateException("mailbox: " + m.statusCode() + " " + m.body());
        }
        return localPart + "@" + domain;
    }
}
