package dev.lindy.internal;

import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.http.Status;

/**
 * Lindy's own error pages: a short HTML page. In development mode a failure's page also shows the route,
 * the request and the first frames of the exception; in production never.
 */
final class ErrorPages {
    private static final int FRAMES = 25;

    private ErrorPages() {
    }

    static Response page(int status, String message, Throwable detail, boolean development) {
        return page(status, message, detail, development, null, null);
    }

    static Response page(int status, String message, Throwable detail, boolean development, String route, Request request) {
        String title = status + " " + Status.reason(status);
        StringBuilder html = new StringBuilder(256)
                .append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head>\n<body><h1>").append(escape(title)).append("</h1>\n");
        if (message != null && !message.isEmpty()) {
            html.append("<p>").append(escape(message)).append("</p>\n");
        }
        if (development && detail != null) {
            if (route != null && request != null) {
                html.append("<p>Route <code>").append(escape(route)).append("</code>, request <code>")
                        .append(escape(request.method() + " " + request.target())).append("</code></p>\n");
            }
            html.append("<pre>").append(escape(trace(detail))).append("</pre>\n");
        }
        html.append("</body></html>\n");
        return Response.builder()
                .status(status)
                .contentType("text/html; charset=utf-8")
                .body(html.toString())
                .build();
    }

    // The exception and its causes, each with its first frames: where it went wrong, not the whole stack.
    private static String trace(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            out.append(e == t ? "" : "Caused by: ").append(e).append('\n');
            StackTraceElement[] frames = e.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                out.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > FRAMES) {
                out.append("\t... ").append(frames.length - FRAMES).append(" more\n");
            }
        }
        return out.toString();
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
