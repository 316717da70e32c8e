package dev.hubbub.apphost.testapps;

/** Prints the variables named in its arguments as {@code NAME=value}, then stays alive until killed. */
public final class PrintEnv {
    private PrintEnv() {
    }

    /** @param args variable names @throws InterruptedException never in practice */
    public static void main(String[] args) throws InterruptedException {
        for (String name : args) {
            System.out.println(name + "=" + System.getenv(name));
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
