package io.zstor.cli;

/** Entry point of the {@code zstor} command. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.out.println("zstor " + Main.class.getPackage().getImplementationVersion());
    }
}
