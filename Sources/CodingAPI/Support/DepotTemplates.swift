import SlipwayGit

/// The built-in repository templates of CreateDepotByTemplate: a small, runnable starting point
/// per stack, written into the new depot's first commit.
enum DepotTemplates {
    static let names = ["SPRING", "ROR", "SINATRA", "NODEJS", "ANDROID", "FLASK"]

    /// The files of a template for a depot named `depot`, nil for an unknown template.
    static func files(_ template: String, depot: String) -> [InitialFile]? {
        let readme = { (stack: String, run: String) in
            InitialFile(path: "README.md", content: "# \(depot)\n\nA \(stack) project created from a Slipway template.\n\n```\n\(run)\n```\n")
        }
        switch template {
        case "SPRING":
            return [
                readme("Spring Boot", "mvn spring-boot:run"),
                InitialFile(path: ".gitignore", content: "target/\n*.iml\n.idea/\n"),
                InitialFile(
                    path: "pom.xml",
                    content: """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <project xmlns="http://maven.apache.org/POM/4.0.0">
                          <modelVersion>4.0.0</modelVersion>
                          <parent>
                            <groupId>org.springframework.boot</groupId>
                            <artifactId>spring-boot-starter-parent</artifactId>
                            <version>3.2.0</version>
                          </parent>
                          <groupId>com.example</groupId>
                          <artifactId>\(depot)</artifactId>
                          <version>0.1.0</version>
                          <dependencies>
                            <dependency>
                              <groupId>org.springframework.boot</groupId>
                              <artifactId>spring-boot-starter-web</artifactId>
                            </dependency>
                          </dependencies>
                        </project>

                        """),
                InitialFile(
                    path: "src/main/java/com/example/app/Application.java",
                    content: """
                        package com.example.app;

                        import org.springframework.boot.SpringApplication;
                        import org.springframework.boot.autoconfigure.SpringBootApplication;
                        import org.springframework.web.bind.annotation.GetMapping;
                        import org.springframework.web.bind.annotation.RestController;

                        @SpringBootApplication
                        @RestController
                        package class Application {
                            @GetMapping("/")
                            public String index() {
                                return "Hello from \(depot)";
                            }

                            package static void main(String[] args) {
                                SpringApplication.run(Application.class, args);
                            }
                        }

                        """),
            ]
        case "ROR":
            return [
                readme("Ruby on Rails", "bundle install && bin/rails server"),
                InitialFile(path: ".gitignore", content: "/log/*\n/tmp/*\n/storage/*\n"),
                InitialFile(path: "Gemfile", content: "source \"https://rubygems.org\"\n\ngem \"rails\", \"~> 7.1\"\ngem \"puma\"\n"),
                InitialFile(path: "config.ru", content: "require_relative \"config/environment\"\n\nrun Rails.application\n"),
                InitialFile(
                    path: "config/application.rb",
                    content: """
                        require "rails"
                        require "action_controller/railtie"

                        module App
                          class Application < Rails::Application
                            config.load_defaults 7.1
                            config.eager_load = false
                          end
                        end

                        """),
                InitialFile(path: "config/environment.rb", content: "require_relative \"application\"\n\nRails.application.initialize!\n"),
                InitialFile(path: "config/routes.rb", content: "Rails.application.routes.draw do\n  root \"home#index\"\nend\n"),
                InitialFile(
                    path: "app/controllers/home_controller.rb",
                    content: """
                        class HomeController < ActionController::Base
                          def index
                            render plain: "Hello from \(depot)"
                          end
                        end

                        """),
            ]
        case "SINATRA":
            return [
                readme("Sinatra", "bundle install && bundle exec rackup"),
                InitialFile(path: "Gemfile", content: "source \"https://rubygems.org\"\n\ngem \"sinatra\"\ngem \"rackup\"\ngem \"puma\"\n"),
                InitialFile(path: "app.rb", content: "require \"sinatra\"\n\nget \"/\" do\n  \"Hello from \(depot)\"\nend\n"),
                InitialFile(path: "config.ru", content: "require_relative \"app\"\n\nrun Sinatra::Application\n"),
            ]
        case "NODEJS":
            return [
                readme("Node.js", "npm start"),
                InitialFile(path: ".gitignore", content: "node_modules/\n"),
                InitialFile(
                    path: "package.json",
                    content: """
                        {
                          "name": "\(depot.lowercased())",
                          "version": "0.1.0",
                          "private": true,
                          "main": "index.js",
                          "scripts": { "start": "node index.js" }
                        }

                        """),
                InitialFile(
                    path: "index.js",
                    content: """
                        const http = require("http");

                        const port = process.env.PORT || 3000;
                        http.createServer((req, res) => {
                          res.end("Hello from \(depot)\\n");
                        }).listen(port, () => console.log(`listening on ${port}`));

                        """),
            ]
        case "ANDROID":
            return [
                readme("Android", "./gradlew assembleDebug"),
                InitialFile(path: ".gitignore", content: ".gradle/\nbuild/\nlocal.properties\n*.iml\n"),
                InitialFile(path: "settings.gradle", content: "rootProject.name = \"\(depot)\"\ninclude ':app'\n"),
                InitialFile(path: "build.gradle", content: "plugins {\n    id 'com.android.application' version '8.2.0' apply false\n}\n"),
                InitialFile(
                    path: "app/build.gradle",
                    content: """
                        plugins {
                            id 'com.android.application'
                        }

                        android {
                            namespace 'com.example.app'
                            compileSdk 34
                            defaultConfig {
                                applicationId 'com.example.app'
                                minSdk 24
                                targetSdk 34
                            }
                        }

                        """),
                InitialFile(
                    path: "app/src/main/AndroidManifest.xml",
                    content: """
                        <?xml version="1.0" encoding="utf-8"?>
                        <manifest xmlns:android="http://schemas.android.com/apk/res/android">
                            <application android:label="\(depot)">
                                <activity android:name=".MainActivity" android:exported="true">
                                    <intent-filter>
                                        <action android:name="android.intent.action.MAIN" />
                                        <category android:name="android.intent.category.LAUNCHER" />
                                    </intent-filter>
                                </activity>
                            </application>
                        </manifest>

                        """),
                InitialFile(
                    path: "app/src/main/java/com/example/app/MainActivity.java",
                    content: """
                        package com.example.app;

                        import android.app.Activity;
                        import android.os.Bundle;
                        import android.widget.TextView;

                        package class MainActivity extends Activity {
                            @Override
                            protected void onCreate(Bundle savedInstanceState) {
                                super.onCreate(savedInstanceState);
                                TextView text = new TextView(this);
                                text.setText("Hello from \(depot)");
                                setContentView(text);
                            }
                        }

                        """),
            ]
        case "FLASK":
            return [
                readme("Flask", "pip install -r requirements.txt && flask --app app run"),
                InitialFile(path: ".gitignore", content: "__pycache__/\n.venv/\n"),
                InitialFile(path: "requirements.txt", content: "flask>=3.0\n"),
                InitialFile(
                    path: "app.py",
                    content: """
                        from flask import Flask

                        app = Flask(__name__)


                        @app.get("/")
                        def index():
                            return "Hello from \(depot)"

                        """),
            ]
        default:
            return nil
        }
    }
}
