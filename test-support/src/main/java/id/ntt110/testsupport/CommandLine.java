package id.ntt110.testsupport;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} options of this module's command-line tools (LocalPostgres, AotTraining). */
final class CommandLine {

    private final Map<String, String> options;

    private CommandLine(Map<String, String> options) {
        this.options = options;
    }

    static CommandLine parse(String[] args, String usage) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return new CommandLine(options);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    String require(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
