package dev.hubbub.samples.seed;

/** Stand-in for the seed's {@code Projects.ExampleProject}: a Java app that prints the connection string it received. */
public final class ExampleProject {
    private ExampleProject() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("ExampleProject ConnectionStrings__signalr=" + System.getenv("ConnectionStrings__signalr"));
    }
}
