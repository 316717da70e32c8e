package dev.hubbub.samples.seed;

/** Stand-in for the seed's {@code Projects.ApiService}: a Java app that prints the connection string it received. */
public final class ApiService {
    private ApiService() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("ApiService ConnectionStrings__signalr=" + System.getenv("ConnectionStrings__signalr"));
    }
}
