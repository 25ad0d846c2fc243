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
        return withJson("POST", path, json);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    HttpResponse<String> put(String path, String json) throws Exception {
        return withJson("PUT", path, json);
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    private HttpResponse<String> withJson(String method, String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
