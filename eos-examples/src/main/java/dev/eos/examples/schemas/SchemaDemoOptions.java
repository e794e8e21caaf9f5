package dev.eos.examples.schemas;

/**
 * Command-line options of {@link SchemaEvolutionDemo}.
 *
 * @param bootstrapServers a real cluster to use, or null to start an embedded broker
 * @param registryUrl a real schema registry (Confluent REST API) to use, or null to start an
 *     embedded one (which needs the embedded broker)
 * @param orders orders to write to orders.v1, a third with each schema step
 * @param partitions partitions of orders.v1 and orders.v2
 */
record SchemaDemoOptions(String bootstrapServers, String registryUrl, int orders, int partitions) {

    static SchemaDemoOptions parse(String... args) {
        String bootstrap = null;
        String registry = null;
        int orders = 3_000;
        int partitions = 3;
        for (int i = 0; i < args.length; i++) {
            String a = args[i].trim();
            if (a.isEmpty()) {
                continue;
            }
            switch (a) {
                case "--bootstrap-servers" -> bootstrap = value(args, ++i, a);
                case "--registry-url" -> registry = value(args, ++i, a);
                case "--orders" -> orders = number(value(args, ++i, a), a);
                case "--partitions" -> partitions = number(value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + usage());
            }
        }
        if (orders < 3 || partitions < 1) {
            throw new IllegalArgumentException("--orders must be at least 3 and --partitions at least 1, were "
                    + orders + " and " + partitions + "\n" + usage());
        }
        if (bootstrap != null && registry == null) {
            throw new IllegalArgumentException("--bootstrap-servers " + bootstrap + " needs --registry-url too: the"
                    + " embedded schema registry keeps its schemas in the embedded broker. Pass the URL of your"
                    + " registry (Confluent, Karapace, Apicurio's /apis/ccompat/v7) or drop --bootstrap-servers\n"
                    + usage());
        }
        return new SchemaDemoOptions(bootstrap, registry, orders, partitions);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    private static int number(String value, String option) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'\n" + usage());
        }
    }

    static String usage() {
        return "Usage: SchemaEvolutionDemo [--bootstrap-servers host:port --registry-url http://host:8081]"
                + " [--orders N (3000)] [--partitions P (3)]\n"
                + "Without them an embedded Kafka broker and an embedded schema registry are started.";
    }
}
