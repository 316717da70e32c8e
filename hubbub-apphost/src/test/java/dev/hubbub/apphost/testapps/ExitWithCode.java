package dev.hubbub.apphost.testapps;

/** Prints 30 numbered lines, then exits with the code in {@code args[0]}. */
public final class ExitWithCode {
    private ExitWithCode() {
    }

    /** @param args exit code */
    public static void main(String[] args) {
        for (int i = 1; i <= 30; i++) {
            System.out.println("line " + i);
        }
        System.out.flush();
        System.exit(Integer.parseInt(args[0]));
    }
}
