package dev.hubbub.apphost.testapps;

/** Prints 30 numbered lines (25 to stdout, the last 5 to stderr), then exits with the code in {@code args[0]}. */
public final class ExitWithCode {
    private ExitWithCode() {
    }

    /** @param args exit code */
    public static void main(String[] args) {
        for (int i = 1; i <= 30; i++) {
            (i > 25 ? System.err : System.out).println("line " + i);
        }
        System.out.flush();
        System.err.flush();
        System.exit(Integer.parseInt(args[0]));
    }
}
