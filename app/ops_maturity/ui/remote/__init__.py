"""Remote voting on the app's side: the session that bridges the web server and the Assess screen."""
