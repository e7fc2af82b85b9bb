//! `cargo run -p oms-emulator -- [--port 8080] [options]`: serves the emulator on 127.0.0.1
//! until interrupted, and prints the endpoint and the credentials to use.

use std::process::ExitCode;
use std::time::Duration;

use oms_emulator::{Config, Emulator, Faults, ACCESS_KEY, PROJECT_ID, SECRET_KEY, TOKEN};

const USAGE: &str = "usage: oms-emulator [--port N] [--speed BYTES_PER_SECOND] [--objects N] [--bytes N]
                    [--scheduling-delay-ms N] [--error-share F] [--drop-share F] [--latency-ms N] [--seed N]";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1).collect()) {
        Ok((port, config)) => run(port, config),
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: Vec<String>) -> Result<(u16, Config), String> {
    let mut port = 8080;
    let mut config = Config::default();
    let mut faults = Faults::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err("OMS v2 emulator".into());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: `{v}` is not a whole number"))
        };
        let share = |v: &str| {
            v.parse::<f64>()
                .ok()
                .filter(|s| (0.0..=1.0).contains(s))
                .ok_or_else(|| format!("{flag}: `{v}` is not a share between 0 and 1"))
        };
        match flag.as_str() {
            "--port" => {
                port =
                    u16::try_from(number(&value)?).map_err(|_| "--port: too large".to_string())?
            }
            "--speed" => config = config.transfer_speed(number(&value)?),
            "--objects" => config.source.objects = number(&value)?,
            "--bytes" => config.source.bytes = number(&value)?,
            "--scheduling-delay-ms" => {
                config = config.scheduling_delay(Duration::from_millis(number(&value)?))
            }
            "--error-share" => faults.error_share = share(&value)?,
            "--drop-share" => faults.drop_share = share(&value)?,
            "--latency-ms" => faults.latency = Duration::from_millis(number(&value)?),
            "--seed" => config = config.seed(number(&value)?),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok((port, config.faults(faults)))
}

fn run(port: u16, config: Config) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let emulator = match Emulator::bind(config, port).await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("OMS v2 emulator on {}", emulator.url());
        println!("  endpoint:   {}", emulator.url());
        println!("  AK / SK:    {ACCESS_KEY} / {SECRET_KEY}");
        println!("  IAM token:  {TOKEN}");
        println!("  project id: {PROJECT_ID}");
        println!("  operations: {}", emulator.operations());
        println!("Ctrl-C stops it.");
        let _ = tokio::signal::ctrl_c().await;
        ExitCode::SUCCESS
    })
}
