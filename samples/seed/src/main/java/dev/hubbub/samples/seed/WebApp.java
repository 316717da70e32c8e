package dev.hubbub.samples.seed;

/** Stand-in for the seed's {@code Projects.WebApp}: a Java app that prints the connection string it received. */
public final class WebApp {
    private WebApp() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("WebApp ConnectionStrings__signalr=" + System.getenv("ConnectionStrings__signalr"));
    }
}
