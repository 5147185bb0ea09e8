package dev.lindy.fileupload;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

/** Commons FileUpload over a plain request context: Lindy uses only its streaming item iterator. */
final class FormUpload extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
    @Override
    public FileItemInputIterator getItemIterator(RequestContext request) throws FileUploadException, IOException {
        return super.getItemIterator(request);
    }

    @Override
    public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) throws FileUploadException {
        return super.parseParameterMap(request);
    }

    @Override
    public List<DiskFileItem> parseRequest(RequestContext request) throws FileUploadException {
        return super.parseRequest(request);
    }
}
