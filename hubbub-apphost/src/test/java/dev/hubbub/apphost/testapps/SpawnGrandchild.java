package dev.hubbub.apphost.testapps;

/** Starts {@code sleep 300} as its own child, prints its pid as {@code grandchild=<pid>}, then waits. */
public final class SpawnGrandchild {
    private SpawnGrandchild() {
    }

    /** @param args ignored @throws Exception if sleep cannot start */
    public static void main(String[] args) throws Exception {
        Process sleep = new ProcessBuilder("sleep", "300").inheritIO().start();
        System.out.println("grandchild=" + sleep.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
