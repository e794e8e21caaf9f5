package dev.eos.examples.schemas;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.it.ChildMain;
import java.util.Map;

/**
 * {@link OrdersV1ToV2Bridge} in a child JVM for {@link OrdersV1ToV2BridgeIT}, which kills it with
 * SIGKILL and starts it again. Usage: {@code BridgeChildMain <bootstrap> <registryUrl> <v1Topic> <v2Topic>}.
 * A stable {@code instance.id}, so a restarted bridge fences its killed predecessor at once; short
 * session timeouts; consumption slowed by {@link SlowConsumption}. Prints READY once running.
 */
public final class BridgeChildMain {

    private BridgeChildMain() {
    }

    static String applicationId(String v1Topic) {
        return v1Topic + "-bridge";
    }

    public static void main(String[] args) throws Exception {
        EosConfig config = EosConfig.builder()
                .applicationId(applicationId(args[2]))
                .bootstrapServers(args[0])
                .set(EosConfig.INSTANCE_ID, "bridge-a")
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .set("consumer.session.timeout.ms", 2000)
                .set("consumer.heartbeat.interval.ms", 500)
                .set("consumer.interceptor.classes", SlowConsumption.class.getName())
                .build();
        EosApp app = EosApp.create(OrdersV1ToV2Bridge.pipeline(args[2], args[3],
                Map.of("schema.registry.url", args[1])), config);
        ChildMain.run(app);
    }
}
