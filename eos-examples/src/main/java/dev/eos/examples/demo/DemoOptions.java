package dev.eos.examples.demo;

/**
 * Command-line options of {@link ExactlyOnceDemo}.
 *
 * @param bootstrapServers a real cluster to use, or null to start an embedded broker
 * @param records how many events to generate
 * @param partitions partitions of the input and output topics
 */
record DemoOptions(String bootstrapServers, int records, int partitions) {

    static DemoOptions parse(String[] args) {
        String bootstrap = null;
        int records = 200_000;
        int partitions = 4;
        for (int i = 0; i < args.length; i++) {
            String a = args[i].trim();
            if (a.isEmpty()) {
                continue;
            }
            switch (a) {
                case "--bootstrap-servers" -> bootstrap = value(args, ++i, a);
                case "--records" -> records = Integer.parseInt(value(args, ++i, a));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, a));
                case "--help", "-h" -> {
                    System.out.println(usage());
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + usage());
            }
        }
        if (records < 1 || partitions < 1) {
            throw new IllegalArgumentException("--records and --partitions must be positive\n" + usage());
        }
        return new DemoOptions(bootstrap, records, partitions);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    static String usage() {
        return "Usage: ExactlyOnceDemo [--bootstrap-servers host:port] [--records N (200000)] [--partitions P (4)]\n"
                + "Without --bootstrap-servers an embedded Kafka broker is started.";
    }
}
