package dev.eos.it;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A Kafka client (or any interface) whose calls go to a real one, except where a test steps in:
 * to inject a fault a real broker does not produce on demand, to hold a call, or to watch one.
 * Works on the public client interfaces only ({@code Consumer}, {@code Producer}); nothing
 * reaches into client internals.
 *
 * <pre>{@code
 * Consumer<byte[], byte[]> consumer = Intercepted.wrap(Consumer.class, real, (method, args, call) -> {
 *     if (method.getName().equals("position") && failNext.getAndSet(false)) {
 *         throw new TimeoutException("injected");
 *     }
 *     return call.proceed();
 * });
 * }</pre>
 */
final class Intercepted {
    private Intercepted() {
    }

    /** The real call; its exceptions come out unwrapped. */
    @FunctionalInterface
    interface Call {
        Object proceed() throws Throwable;
    }

    /** Decides what one call does: usually something, then {@code call.proceed()}. */
    @FunctionalInterface
    interface Interceptor {
        Object intercept(Method method, Object[] args, Call call) throws Throwable;
    }

    /** {@code delegate} behind {@code interceptor}, as a {@code type}. */
    @SuppressWarnings("unchecked")
    static <T> T wrap(Class<? super T> type, T delegate, Interceptor interceptor) {
        return (T) Proxy.newProxyInstance(Intercepted.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : "Intercepted(" + delegate + ")";
                    }
                    Object[] actual = args == null ? new Object[0] : args;
                    return interceptor.intercept(method, actual, () -> invoke(method, delegate, actual));
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
