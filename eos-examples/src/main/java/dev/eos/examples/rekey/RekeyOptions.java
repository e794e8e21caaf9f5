package dev.eos.examples.rekey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link RekeyJob}.
 *
 * @param bootstrapServers a real cluster to use, or null to start an embedded broker
 * @param source the topic to read
 * @param target the topic to write, created with {@code partitions} partitions if missing
 * @param keyFields the JSON fields of the new key; several make a compound key joined with ':'
 * @param partitions the partition count of the target topic
 * @param partitioner how the target partition is chosen
 * @param records events to generate into the source before the job runs (0: use what is there)
 * @param onError the {@code processing.error.handler}: dead_letter, skip or fail
 */
record RekeyOptions(String bootstrapServers, String source, String target, List<String> keyFields, int partitions,
                    PartitionerChoice partitioner, int records, String onError) {
    static final String DEFAULT_SOURCE = "events_by_country";
    static final int DEFAULT_EMBEDDED_RECORDS = 100_000;
    private static final List<String> ERROR_HANDLERS = List.of("dead_letter", "skip", "fail");

    RekeyOptions {
        keyFields = List.copyOf(keyFields);
    }

    static RekeyOptions parse(String... args) {
        String bootstrap = null;
        String source = DEFAULT_SOURCE;
        String target = "events_by_user";
        List<String> keyFields = new ArrayList<>();
        int partitions = 12;
        PartitionerChoice partitioner = PartitionerChoice.parse("default");
        Integer records = null;
        String onError = "dead_letter";
        for (int i = 0; i < args.length; i++) {
            String a = args[i].trim();
            if (a.isEmpty()) {
                continue;
            }
            switch (a) {
                case "--bootstrap-servers" -> bootstrap = value(args, ++i, a);
                case "--source" -> source = value(args, ++i, a);
                case "--target" -> target = value(args, ++i, a);
                case "--key-field" -> keyFields.addAll(fields(value(args, ++i, a)));
                case "--partitions" -> partitions = positive(value(args, ++i, a), a, 1);
                case "--partitioner" -> partitioner = PartitionerChoice.parse(value(args, ++i, a));
                case "--records" -> records = positive(value(args, ++i, a), a, 0);
                case "--on-error" -> onError = errorHandler(value(args, ++i, a));
                case "--help", "-h" -> throw new HelpRequested(usage());
                default -> throw new IllegalArgumentException("Unknown option '" + a + "'\n" + usage());
            }
        }
        if (keyFields.isEmpty()) {
            keyFields.add("user_id");
        }
        if (source.equals(target)) {
            throw new IllegalArgumentException("--source and --target are both '" + source + "'; rekey into another topic\n"
                    + usage());
        }
        if (partitioner.kind() == PartitionerChoice.Kind.PREFIX && keyFields.size() < 2) {
            System.err.println("Note: --partitioner prefix with one key field places records like default");
        }
        int generated = records != null ? records : bootstrap == null ? DEFAULT_EMBEDDED_RECORDS : 0;
        if (bootstrap == null && generated == 0) {
            throw new IllegalArgumentException("--records 0 needs --bootstrap-servers: the embedded broker starts empty\n"
                    + usage());
        }
        return new RekeyOptions(bootstrap, source, target, keyFields, partitions, partitioner, generated, onError);
    }

    private static List<String> fields(String text) {
        List<String> fields = new ArrayList<>();
        for (String f : text.split(",", -1)) {
            String field = f.trim();
            if (field.isEmpty()) {
                throw new IllegalArgumentException("--key-field '" + text + "' has an empty field name\n" + usage());
            }
            fields.add(field);
        }
        return fields;
    }

    private static int positive(String text, String option, int min) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + text + "'\n" + usage());
        }
        if (n < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", not " + n + "\n" + usage());
        }
        return n;
    }

    private static String errorHandler(String text) {
        String handler = text.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!ERROR_HANDLERS.contains(handler)) {
            throw new IllegalArgumentException("--on-error must be one of dead-letter, skip, fail, not '" + text + "'\n"
                    + usage());
        }
        return handler;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i].trim();
    }

    static String usage() {
        return """
                Usage: RekeyJob [--source TOPIC (events_by_country)] [--target TOPIC (events_by_user)]
                                [--key-field FIELD[,FIELD...] (user_id; repeatable, several make a key joined with ':')]
                                [--partitions P (12; the target is created with P partitions if missing)]
                                [--partitioner default|prefix|field:NAME (default)]
                                [--on-error dead-letter|skip|fail (dead-letter)]
                                [--bootstrap-servers host:port] [--records N]
                Without --bootstrap-servers an embedded Kafka broker is started and N (100000) JSON events are
                generated into the source first; with it, N (0) events are generated and the job rekeys what
                the source holds.""";
    }

    /** {@code --help}: the caller prints the usage and exits 0. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested(String usage) {
            super(usage, null, false, false);
        }
    }
}
