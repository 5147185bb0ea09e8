package dev.lindy.config.internal;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The names of environments, which choose the file {@code environments/<name>.yml}: letters, digits,
 * {@code -}, {@code _} and {@code .}, the dot never first, so that a name cannot leave the
 * {@code environments} directory. The environment comes from {@code LINDY_ENV}, else {@code development}.
 */
public final class EnvironmentNames {
    /** The environment variable that names the environment. */
    public static final String VARIABLE = "LINDY_ENV";
    /** The environment when {@code LINDY_ENV} names none. */
    public static final String DEFAULT = "development";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final String RULE = "use letters, digits, '-', '_' and '.' (not first), such as production";

    private EnvironmentNames() {
    }

    /**
     * Returns a name after checking it.
     *
     * @param name the name, such as {@code production}
     * @return the name
     * @throws IllegalArgumentException if it is not an environment's name
     */
    public static String check(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not an environment's name: " + RULE);
        }
        return name;
    }

    /**
     * Returns the environment that {@code LINDY_ENV} names, else {@code development}.
     *
     * @param variables the environment variables, usually {@code System::getenv}
     * @return the environment's name, checked
     * @throws IllegalArgumentException if {@code LINDY_ENV} holds something that is not an environment's name
     */
    public static String fromVariables(Function<String, String> variables) {
        String value = variables.apply(VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String name = value.trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(VARIABLE + " is '" + value + "', which is not an environment's name: "
                    + RULE);
        }
        return name;
    }
}
