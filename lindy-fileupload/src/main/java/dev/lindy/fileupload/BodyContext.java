package dev.lindy.fileupload;

import java.io.InputStream;
import org.apache.commons.fileupload2.core.RequestContext;

/** A request body as Commons FileUpload reads it. */
final class BodyContext implements RequestContext {
    private final String contentType;
    private final long length;
    private final InputStream body;

    BodyContext(String contentType, long length, InputStream body) {
        this.contentType = contentType;
        this.length = length;
        this.body = body;
    }

    @Override
    public String getCharacterEncoding() {
        return null;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public InputStream getInputStream() {
        return body;
    }

    @Override
    public boolean isMultipartRelated() {
        return false;
    }
}
