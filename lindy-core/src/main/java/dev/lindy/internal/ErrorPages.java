package dev.lindy.internal;

import dev.lindy.http.Response;
import dev.lindy.http.Status;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The built-in error pages: a short HTML page; details of an exception only in development mode. */
final class ErrorPages {
    private ErrorPages() {
    }

    static Response page(int status, String message, Throwable detail, boolean development) {
        String title = status + " " + Status.reason(status);
        StringBuilder html = new StringBuilder(256)
                .append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head>\n<body><h1>").append(escape(title)).append("</h1>\n");
        if (message != null && !message.isEmpty()) {
            html.append("<p>").append(escape(message)).append("</p>\n");
        }
        if (development && detail != null) {
            StringWriter trace = new StringWriter();
            detail.printStackTrace(new PrintWriter(trace));
            html.append("<pre>").append(escape(trace.toString())).append("</pre>\n");
        }
        html.append("</body></html>\n");
        return Response.builder()
                .status(status)
                .contentType("text/html; charset=utf-8")
                .body(html.toString())
                .build();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
