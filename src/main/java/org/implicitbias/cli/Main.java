package org.implicitbias.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code oracle} command line: {@code bin/oracle <command>}. */
@Command(name = "oracle", mixinStandardHelpOptions = true, subcommands = {CheckCommand.class, SearchCommand.class, ReplayCommand.class},
        description = "Checks implicit-bias claims of optimizers against certified convex programs.")
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println(ex.getMessage());
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
