package dev.lindy.examples;

/** The examples' bit of HTML: a page around a body, and escaping for what users typed. */
final class Pages {
    private Pages() {
    }

    static String page(String title, String body) {
        return "<!doctype html>\n<html><head><meta charset=utf-8><title>" + escape(title) + "</title></head>\n<body><h1>"
                + escape(title) + "</h1>\n" + body + "\n</body></html>\n";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
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
