package dev.lindy.pebble;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.loader.Loader;
import java.io.Reader;

/**
 * Pebble's file loader while the views are compiled, and nothing once they are: a template that names
 * another at render time ({@code {% include name %}} with a variable) finds it among the compiled ones or
 * not at all, and never reads the disk on the thread that renders, which may be an event loop.
 */
final class CompiledOnlyLoader implements Loader<String> {
    private final FileLoader files;
    private volatile boolean frozen;

    CompiledOnlyLoader(String dir, String suffix) {
        this.files = new FileLoader(dir);
        files.setSuffix(suffix);
    }

    /** The views are compiled: from now on no template is read. */
    void freeze() {
        frozen = true;
    }

    @Override
    public Reader getReader(String cacheKey) {
        if (frozen) {
            throw new LoaderException(null, "no compiled template " + cacheKey + " (templates are compiled when the app"
                    + " starts, from the views directory)");
        }
        return files.getReader(cacheKey);
    }

    @Override
    public void setCharset(String charset) {
        files.setCharset(charset);
    }

    @Override
    public void setPrefix(String prefix) {
        files.setPrefix(prefix);
    }

    @Override
    public void setSuffix(String suffix) {
        files.setSuffix(suffix);
    }

    @Override
    public String resolveRelativePath(String relativePath, String anchorPath) {
        return files.resolveRelativePath(relativePath, anchorPath);
    }

    @Override
    public String createCacheKey(String templateName) {
        return files.createCacheKey(templateName);
    }

    @Override
    public boolean resourceExists(String templateName) {
        return !frozen && files.resourceExists(templateName);
    }
}
